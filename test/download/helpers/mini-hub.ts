/**
 * A minimal Hub on 127.0.0.1:0 for what the emulator will not serve: model info whose siblings carry
 * hostile paths (`../evil`, absolute, backslashes), and a listing of ids the Hub's rules refuse. The listing
 * (one page of every repo, downloads in the order given), model info (`blobs=true`) and resolve only.
 */
import { listenOnLoopback } from '../../helpers/listen.js';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { gitBlobSha1 } from '../../../src/download/content-hash.js';

export interface MiniRepo {
  sha: string;
  files: Array<{ path: string; content: Buffer; lfs?: boolean }>;
}

export interface MiniHub {
  origin: string;
  /** Request paths, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startMiniHub(repos: Record<string, MiniRepo>): Promise<MiniHub> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    requests.push(path);
    if (path === '/api/models') {
      const ids = Object.keys(repos);
      const items = ids.map((id, i) => ({
        _id: i.toString(16).padStart(24, '0'),
        id,
        sha: repos[id]?.sha,
        downloads: 1000 - i,
        likes: 0,
      }));
      const body = JSON.stringify(items);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      return void res.end(body);
    }
    const info = /^\/api\/models\/(.+?)(?:\/revision\/([^/]+))?$/.exec(path);
    if (info) {
      const repo = repos[info[1] as string];
      if (repo === undefined) return void res.writeHead(404, { 'x-error-code': 'RepoNotFound' }).end('{}');
      const body = JSON.stringify({
        _id: '0'.repeat(24),
        id: info[1],
        sha: repo.sha,
        siblings: repo.files.map((f) => ({
          rfilename: f.path,
          size: f.content.length,
          blobId: gitBlobSha1(f.content),
          ...(f.lfs
            ? {
                lfs: {
                  sha256: createHash('sha256').update(f.content).digest('hex'),
                  size: f.content.length,
                  pointerSize: 134,
                },
              }
            : {}),
        })),
      });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      return void res.end(body);
    }
    for (const [id, repo] of Object.entries(repos)) {
      const prefix = `/${id}/resolve/${repo.sha}/`;
      if (!path.startsWith(prefix)) continue;
      const file = repo.files.find((f) => f.path === path.slice(prefix.length));
      if (file === undefined) break;
      const etag = file.lfs
        ? createHash('sha256').update(file.content).digest('hex')
        : gitBlobSha1(file.content);
      res.writeHead(200, {
        'x-repo-commit': repo.sha,
        etag: `"${etag}"`,
        'content-length': file.content.length,
      });
      return void res.end(file.content);
    }
    res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end('Entry not found');
  });
  const { origin, close } = await listenOnLoopback(server);
  return {
    origin,
    requests,
    close,
  };
}
