/**
 * The sides only the large-capped case runs, each in a process of its own: aria2c over the pre-resolved URLs
 * (parallel ranges in C++, the rival for a capped CDN), the Python client's `hf download` from `<repo>/.venv`,
 * and the node floor in byte ranges. Each side that needs a tool says so when the tool is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, releaseTempDir } from '../measure/cleanup.js';
import { spawnSide, type SideRun } from '../measure/spawn-side.js';
import { timeCommand, type CommandRun } from '../measure/time-command.js';
import type { SideReport } from '../measure/side-report.js';
import type { RepoSet } from './expected-files.js';
import type { ResolvedFile } from './resolve-urls.js';
import { curlLocate } from './sides.js';

const VENV = fileURLToPath(new URL('../../.venv/', import.meta.url));
export const HF_CLI = join(VENV, 'bin', 'hf');

/** Why aria2c cannot be measured here, or null when it can. */
export function aria2Missing(): string | null {
  return spawnSync('aria2c', ['--version'], { stdio: 'ignore' }).status === 0 ? null : 'aria2c missing';
}

/** Why `hf download` cannot be measured here, or null when it can. */
export function hfMissing(): string | null {
  if (!existsSync(HF_CLI))
    return `${HF_CLI} missing (python3 -m venv .venv && .venv/bin/pip install huggingface_hub)`;
  const probe = spawnSync(join(VENV, 'bin', 'python'), ['-c', 'import huggingface_hub'], { stdio: 'ignore' });
  return probe.status === 0 ? null : 'huggingface_hub does not import in .venv';
}

export interface Aria2Options {
  /** `-x` and `-s`: connections and pieces per file. */
  connections: number;
  /** `-j`: files at once. */
  parallelFiles: number;
}

/** aria2c -x N -s N over the resolved URLs, every file to the same path as curl's. */
export function runAria2(
  resolved: readonly ResolvedFile[],
  dir: string,
  options: Aria2Options,
  timeoutMillis: number,
): Promise<CommandRun> {
  const input = join(dir, '.aria2-input');
  writeFileSync(
    input,
    resolved.map((r) => `${r.url}\n  dir=${dir}\n  out=${r.file.repoId}/${r.file.path}\n`).join(''),
  );
  return timeCommand(
    'aria2c',
    [
      `--max-connection-per-server=${options.connections}`,
      `--split=${options.connections}`,
      `--max-concurrent-downloads=${options.parallelFiles}`,
      // aria2's manual: falloc is the choice on ext4 (its default, prealloc, writes the file once first)
      '--file-allocation=falloc',
      '--allow-overwrite=true',
      '--auto-file-renaming=false',
      '--quiet=true',
      `--input-file=${input}`,
    ],
    timeoutMillis,
  );
}

/**
 * `hf download <repo> --revision <commit> --cache-dir <dir>`, repo after repo (one process each, summed as one
 * side: wall and CPU added, the largest peak RSS), the way a user scripts it.
 */
export async function runHfDownload(
  set: RepoSet,
  endpoint: string,
  cacheDir: string,
  parallelFiles: number,
  timeoutMillis: number,
): Promise<CommandRun> {
  const home = makeTempDir('hf-home');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    HF_HOME: join(home, 'hf'),
    HF_ENDPOINT: endpoint,
    HF_HUB_DISABLE_TELEMETRY: '1',
    HF_HUB_DISABLE_PROGRESS_BARS: '1',
  };
  const total: SideReport = { workSeconds: 0, userSeconds: 0, systemSeconds: 0, maxRssKb: 0 };
  try {
    for (const repo of set.repos) {
      const run = await timeCommand(
        HF_CLI,
        [
          'download',
          repo.id,
          '--revision',
          repo.sha,
          '--cache-dir',
          cacheDir,
          '--max-workers',
          String(parallelFiles),
          '--format',
          'quiet',
        ],
        timeoutMillis,
        env,
      );
      if (run.report === null || run.exitCode !== 0 || run.timedOut) return run;
      total.workSeconds += run.report.workSeconds;
      total.userSeconds += run.report.userSeconds;
      total.systemSeconds += run.report.systemSeconds;
      total.maxRssKb = Math.max(total.maxRssKb, run.report.maxRssKb);
      total.diskWriteBytes = (total.diskWriteBytes ?? 0) + (run.report.diskWriteBytes ?? 0);
      total.diskReadBytes = (total.diskReadBytes ?? 0) + (run.report.diskReadBytes ?? 0);
    }
    return { report: total, exitCode: 0, stderrTail: '', timedOut: false };
  } finally {
    releaseTempDir(home);
  }
}

/** The node floor over the resolved URLs, each large file in `ranges` ranges at once. */
export function runFloorRanges(
  resolved: readonly ResolvedFile[],
  dir: string,
  options: { parallelFiles: number; ranges: number; connections: number },
  timeoutMillis: number,
): Promise<SideRun<{ files: number }>> {
  const locate = curlLocate(dir);
  return spawnSide<{ files: number }>({
    script: 'node-floor.mjs',
    spec: {
      files: resolved.map((r) => ({ url: r.url, output: locate(r.file), size: r.file.size })),
      parallel: options.parallelFiles,
      ranges: options.ranges,
      connections: options.connections,
    },
    timeoutMillis,
  });
}
