/**
 * The three ways of fetching a repo set, each in a process of its own and each returning where it put every
 * file: curl (the raw limit), ours (`hftorrent download --urls`, default settings), the official client.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoFolderSegments } from '../../src/download/index.js';
import { spawnSide, type SideRun } from '../measure/spawn-side.js';
import { timeCommand, type CommandRun } from '../measure/time-command.js';
import type { CliData } from '../sides/cli-ours.mjs';
import type { ExpectedFile, RepoSet } from './expected-files.js';

/** `/{id}/resolve/{commit}/{path}`: the URL every side starts from, one per file. */
export function resolveUrl(endpoint: string, file: ExpectedFile): string {
  const path = file.path.split('/').map(encodeURIComponent).join('/');
  return `${endpoint}/${file.repoId}/resolve/${file.commit}/${path}`;
}

/** A split file of the set, each repo pinned: `<endpoint>/<id>@<commit>`. */
export function writeUrlsFile(path: string, endpoint: string, set: RepoSet): void {
  writeFileSync(path, set.repos.map((r) => `${endpoint}/${r.id}@${r.sha}\n`).join(''));
}

function curlQuote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function curlLocate(dir: string): (file: ExpectedFile) => string {
  return (file) => join(dir, file.repoId, file.path);
}

/** Parallel curl of the resolve URLs, following redirects (relative to resolve-cache, absolute to the CDN). */
export async function runCurl(
  set: RepoSet,
  endpoint: string,
  dir: string,
  parallel: number,
  timeoutMillis: number,
): Promise<CommandRun> {
  const config = join(dir, '.curl-config');
  const locate = curlLocate(dir);
  writeFileSync(
    config,
    set.files
      .map((f) => `url = ${curlQuote(resolveUrl(endpoint, f))}\noutput = ${curlQuote(locate(f))}\n`)
      .join(''),
  );
  return timeCommand(
    'curl',
    [
      '--parallel',
      '--parallel-max',
      String(parallel),
      '--location',
      '--create-dirs',
      '--fail',
      '--silent',
      '--show-error',
      '--config',
      config,
    ],
    timeoutMillis,
  );
}

export function oursLocate(dataDir: string): (file: ExpectedFile) => string {
  return (file) => join(dataDir, 'huggingface', 'repos', ...repoFolderSegments(file.repoId), file.path);
}

export function runOurs(
  endpoint: string,
  dataDir: string,
  urlsFile: string,
  timeoutMillis: number,
  options: { killAfterStartMillis?: number; extraArgs?: string[] } = {},
): Promise<SideRun<CliData>> {
  const { killAfterStartMillis, extraArgs = [] } = options;
  return spawnSide<CliData>({
    script: 'cli-ours.mjs',
    spec: {
      argv: [
        'download',
        '--urls',
        urlsFile,
        '--data-dir',
        dataDir,
        '--endpoint',
        endpoint,
        '--json',
        ...extraArgs,
      ],
      // git mode runs git and git-lfs, found on PATH
      env: { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' },
    },
    timeoutMillis,
    killAfterStartMillis,
  });
}

/** The Node floor (sides/node-floor.mjs): the same URLs and outputs as curl, 8 files in flight. */
export function runNodeFloor(
  set: RepoSet,
  endpoint: string,
  dir: string,
  parallel: number,
  timeoutMillis: number,
): Promise<SideRun<{ files: number }>> {
  const locate = curlLocate(dir);
  return spawnSide<{ files: number }>({
    script: 'node-floor.mjs',
    spec: { files: set.files.map((f) => ({ url: resolveUrl(endpoint, f), output: locate(f) })), parallel },
    timeoutMillis,
  });
}

export function peerLocate(cacheDir: string): (file: ExpectedFile) => string {
  return (file) =>
    join(cacheDir, `models--${file.repoId.replace('/', '--')}`, 'snapshots', file.commit, file.path);
}

export function runPeer(
  set: RepoSet,
  endpoint: string,
  cacheDir: string,
  timeoutMillis: number,
): Promise<SideRun<{ repos: number }>> {
  return spawnSide<{ repos: number }>({
    script: 'download-peer.mjs',
    spec: { hubUrl: endpoint, cacheDir, repos: set.repos },
    timeoutMillis,
  });
}

/** Flushes dirty pages so that one side's writeback does not land in the next side's measurement. */
export function syncDisks(): void {
  spawnSync('sync', { stdio: 'ignore', timeout: 120_000 });
}
