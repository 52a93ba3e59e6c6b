/**
 * The options of `download` that choose and tune git mode, and their checks. `download.ts` takes them as
 * part of its options and hands git-mode runs to `the git method (git-method.ts)` with the settings built here.
 */
import type { DownloadMethod } from '../../catalog/ledger.js';
import { UsageError } from '../../errors.js';
import { localRetryPolicy } from '../backoff.js';
import type { GitMethodSettings } from './git-method.js';

export interface GitModeOptions {
  /**
   * How repos are fetched: `http` (each file through resolve, verified; the default) or `git` (a clone with
   * its history, LFS files through git-lfs, verified). Both write `repos/AUTHOR/MODEL` and the same ledger.
   */
  method?: DownloadMethod;
  /** Git mode: hard-link each LFS file to its `.git/lfs/objects` copy (one copy on disk). Default true. */
  dedupe?: boolean;
  /** Git mode: shallow clones with this many commits of history. Default: the whole history. */
  depth?: number;
  /** Git mode: Hub token for git and git-lfs (HTTP takes it from the client). Default: anonymous. */
  token?: string;
  /**
   * Git mode: the environment that PATH, proxy and CA settings for git come from (nothing else is passed
   * on). Default: no proxy, `PATH=/usr/local/bin:/usr/bin:/bin`.
   */
  environment?: Readonly<Record<string, string | undefined>>;
  /** Git mode: LFS objects in flight per repo (`lfs.concurrenttransfers`). Default 4. */
  lfsTransfers?: number;
  /** Git mode: tries of a clone or LFS fetch that failed transiently (network, 5xx, 429, bad bytes). Default 3. */
  gitTries?: number;
  /** Git mode: first pause before another try, in milliseconds (doubles per try, at most 30 s). Default 1000. */
  gitRetryDelayMillis?: number;
}

/** Throws a UsageError for an option git mode does not take or a bad value. */
export function checkGitModeOptions(
  options: GitModeOptions & { include?: string[]; exclude?: string[] },
): void {
  if (options.method !== undefined && options.method !== 'http' && options.method !== 'git') {
    throw new UsageError(`method: must be http or git, got ${String(options.method)}`);
  }
  const git = options.method === 'git';
  const gitOnly: Array<[string, unknown]> = [
    ['--no-dedupe', options.dedupe === false ? false : undefined],
    ['--depth', options.depth],
  ];
  for (const [flag, value] of gitOnly) {
    if (!git && value !== undefined) throw new UsageError(`${flag} needs --method git`);
  }
  if (!git) return;
  for (const [name, value] of [
    ['depth', options.depth],
    ['lfsTransfers', options.lfsTransfers],
    ['gitTries', options.gitTries],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
      throw new UsageError(`${name}: must be a positive integer, got ${value}`);
    }
  }
}

/** The git method's settings from the download options (the rest comes from the engine's settings). */
export function gitMethodSettings(
  options: GitModeOptions,
  endpoint: string,
  sleep: (millis: number, signal?: AbortSignal) => Promise<void>,
): GitMethodSettings {
  return {
    endpoint,
    token: options.token,
    environment: options.environment ?? {},
    clone: {
      depth: options.depth,
      dedupe: options.dedupe ?? true,
      lfsTransfers: options.lfsTransfers ?? 4,
      retry: localRetryPolicy(options.gitTries ?? 3, options.gitRetryDelayMillis ?? 1000),
      sleep,
    },
  };
}
