/**
 * A real HTTP server on 127.0.0.1:0 that serves one repo's files at `/{repo}/resolve/{commit}/{path}` and
 * misbehaves on cue: each request takes the next scripted behaviour (reset after N bytes, a short body,
 * ignore the range, corrupt a byte, answer a status), then behaves. For the verified-fetch tests, where the
 * exact sequence of requests matters more than a whole Hub.
 */
import { listenOnLoopback } from '../../helpers/listen.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export type Behaviour =
  | { kind: 'ok' }
  | { kind: 'reset'; afterBytes: number }
  /** Declares and sends only the first `bytes` bytes, then ends cleanly. */
  | { kind: 'short'; bytes: number }
  /** Answers a Range request with 200 and the whole file. */
  | { kind: 'ignore-range' }
  /** Ignores the range and resets after `afterBytes`. */
  | { kind: 'ignore-range-reset'; afterBytes: number }
  | { kind: 'corrupt' }
  | { kind: 'status'; status: number };

export interface Served {
  path: string;
  content: Buffer;
  /** Quoted in ETag / X-Linked-Etag: the git blob sha1 or the sha256. */
  etag: string;
}

export interface RequestLog {
  url: string;
  range: string | undefined;
  authorization: string | undefined;
}

export interface FileServer {
  origin: string;
  requests: RequestLog[];
  /** Behaviours for the next requests, in order; then `ok`. */
  script(...behaviours: Behaviour[]): void;
  close(): Promise<void>;
}

export const COMMIT = 'c0ffee'.padEnd(40, '0');

export async function startFileServer(repoId: string, files: Served[]): Promise<FileServer> {
  const requests: RequestLog[] = [];
  let queue: Behaviour[] = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', range: req.headers.range, authorization: req.headers.authorization });
    const behaviour = queue.shift() ?? { kind: 'ok' };
    const prefix = `/${repoId}/resolve/${COMMIT}/`;
    const url = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    const file = url.startsWith(prefix) ? files.find((f) => f.path === url.slice(prefix.length)) : undefined;
    if (file === undefined) {
      res.writeHead(404, { 'x-error-code': 'EntryNotFound', 'x-repo-commit': COMMIT }).end('Entry not found');
      return;
    }
    serve(req, res, file, behaviour);
  });
  const { origin, close } = await listenOnLoopback(server);
  return {
    origin,
    requests,
    script: (...behaviours) => {
      queue = behaviours;
    },
    close,
  };
}

function serve(req: IncomingMessage, res: ServerResponse, file: Served, behaviour: Behaviour): void {
  if (behaviour.kind === 'status') {
    res.writeHead(behaviour.status, { 'x-repo-commit': COMMIT, 'retry-after': '0' }).end('nope');
    return;
  }
  let body = file.content;
  if (behaviour.kind === 'corrupt' && body.length > 0) {
    body = Buffer.from(body);
    body[body.length >> 1] = (body[body.length >> 1] as number) ^ 0xff;
  }
  const headers: Record<string, string | number> = {
    'x-repo-commit': COMMIT,
    etag: `"${file.etag}"`,
    'accept-ranges': 'bytes',
    'content-type': 'application/octet-stream',
  };
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const ignoreRange = behaviour.kind === 'ignore-range' || behaviour.kind === 'ignore-range-reset';
  let status = 200;
  if (m && !ignoreRange) {
    const start = Number(m[1]);
    if (start >= body.length) {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    body = body.subarray(start);
    status = 206;
  }
  if (behaviour.kind === 'short') body = body.subarray(0, behaviour.bytes);
  headers['content-length'] = body.length;
  res.writeHead(status, headers);
  const resetAfter =
    behaviour.kind === 'reset' || behaviour.kind === 'ignore-range-reset' ? behaviour.afterBytes : null;
  if (resetAfter === null) {
    res.end(body);
    return;
  }
  res.write(body.subarray(0, resetAfter), () => {
    // Let the bytes reach the client before the connection dies.
    setImmediate(() => req.socket.destroy());
  });
}
