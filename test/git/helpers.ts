/**
 * Fixtures for git-mode tests: the emulator on 127.0.0.1:0, a catalog seeded by the real crawl and select,
 * git itself to inspect what landed on disk, and a PATH with wrappers that record the argument vector of every
 * git and git-lfs process (the ones the downloader starts and the ones git starts in turn).
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crawl } from '../../src/crawl/index.js';
import { download, type DownloadOptions, type DownloadSummary } from '../../src/download/index.js';
import {
  SIZE_PROFILES,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
  type SizeProfile,
} from '../../src/emulator/index.js';
import { createHubClient, type HubClient } from '../../src/hub/index.js';
import { select } from '../../src/select/index.js';

const execFileAsync = promisify(execFile);

export const TOKEN = 'hf_git_mode_secret_4f1b9c';

const MiB = 1024 * 1024;

/** Repos of two LFS files of `minMiB`..`maxMiB` each (plus the tiny profile's small files): LFS bytes dominate. */
export function lfsHeavyProfile(name: string, minMiB: number, maxMiB: number): SizeProfile {
  return {
    ...SIZE_PROFILES.tiny,
    name,
    shape: 'few-large',
    largeFiles: [2, 2],
    largeFileBytes: [minMiB * MiB, maxMiB * MiB],
  };
}

export interface GitFixture {
  emulator: RunningEmulator;
  dir: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startGitFixture(options: Partial<EmulatorOptions> = {}): Promise<GitFixture> {
  const emulator = await startEmulator({ models: 20, seed: 'git-mode', ...options });
  const dir = mkdtempSync(join(tmpdir(), 'hf-git-mode-'));
  return {
    emulator,
    dir,
    dataDir: join(dir, 'data'),
    close: async () => {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A client with instant backoff (no token unless given). */
export function clientFor(emulator: RunningEmulator, token?: string): HubClient {
  return createHubClient({
    endpoint: emulator.endpoint,
    token,
    random: () => 0,
    retry: { baseDelayMillis: 1, maxDelayMillis: 1 },
  });
}

/** The real crawl and select: the top `top` models become the selection. */
export async function seedSelection(dataDir: string, emulator: RunningEmulator, top: number): Promise<void> {
  const client = clientFor(emulator);
  try {
    await crawl({ dataDir, client });
  } finally {
    await client.close();
  }
  await select({ dataDir, top, shards: 1 });
}

/** `download --method git` with a fresh client, closed afterwards. */
export async function gitDownload(
  f: GitFixture,
  options: Partial<DownloadOptions> & { clientToken?: string } = {},
): Promise<DownloadSummary> {
  const { clientToken, ...rest } = options;
  const client = clientFor(f.emulator, clientToken);
  try {
    return await download({
      dataDir: f.dataDir,
      client,
      method: 'git',
      environment: { PATH: process.env.PATH },
      gitRetryDelayMillis: 1,
      progressIntervalMillis: 60_000,
      ...rest,
    });
  } finally {
    await client.close();
  }
}

/** Runs git in `cwd` (without LFS smudging and without the user's config) and returns its trimmed stdout. */
export async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_COUNT: '4',
      GIT_CONFIG_KEY_0: 'filter.lfs.process',
      GIT_CONFIG_VALUE_0: 'git-lfs filter-process',
      GIT_CONFIG_KEY_1: 'filter.lfs.clean',
      GIT_CONFIG_VALUE_1: 'git-lfs clean -- %f',
      GIT_CONFIG_KEY_2: 'filter.lfs.smudge',
      GIT_CONFIG_VALUE_2: 'git-lfs smudge -- %f',
      GIT_CONFIG_KEY_3: 'filter.lfs.required',
      GIT_CONFIG_VALUE_3: 'true',
    },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim();
}

/**
 * A folder of `git` and `git-lfs` wrappers that append their argv (one NUL-separated record a line) to
 * `log`, then exec the real program. Put it first in PATH.
 */
export function argvRecorder(dir: string): { path: string; log: string; records(): string[][] } {
  const bin = join(dir, 'recording-bin');
  const log = join(dir, 'argv.log');
  rmSync(bin, { recursive: true, force: true });
  const realGit = '/usr/bin/git';
  const realLfs = existsSync('/usr/bin/git-lfs') ? '/usr/bin/git-lfs' : '/usr/local/bin/git-lfs';
  mkdirSync(bin, { recursive: true });
  for (const [name, real] of [
    ['git', realGit],
    ['git-lfs', realLfs],
  ] as const) {
    const script = join(bin, name);
    writeFileSync(
      script,
      `#!/bin/sh\nprintf '%s\\0' "${name}" "$@" >> "${log}"\nprintf '\\n' >> "${log}"\nexec "${real}" "$@"\n`,
    );
    chmodSync(script, 0o755);
  }
  return {
    path: bin,
    log,
    records: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => l.split('\0').filter((a) => a !== ''))
        : [],
  };
}
