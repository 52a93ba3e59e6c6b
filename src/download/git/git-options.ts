/**
 * The options of `download` that choose and tune git mode, and their checks. `download.ts` takes them as
 * part of its options and hands git-mode runs to `runGitDownload` with the settings built here.
 */
import type { DownloadMethod, Ledger } from '../../catalog/ledger.js';
import type { ManifestStore } from '../../catalog/manifest-store.js';
import { UsageError } from '../../errors.js';
import type { HubClient } from '../../hub/hub-client.js';
import { ByteBudget } from '../byte-budget.js';
import type { DownloadEvent } from '../events.js';
import type { FileFilter } from '../file-filter.js';
import type { GitRunSettings } from './git-run.js';

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

export interface GitRunContext {
  dataDir: string;
  client: HubClient;
  endpoint: string;
  ledger: Ledger;
  manifests: ManifestStore;
  /** `--include` / `--exclude`; null keeps every file. */
  filter: FileFilter | null;
  maxBytes: number | undefined;
  dryRun: boolean;
  verifyExisting: boolean;
  recheckVerifiedSince: string | null;
  concurrency: number;
  prefetch: number;
  now: () => number;
  sleep: (millis: number, signal?: AbortSignal) => Promise<void>;
  progressIntervalMillis: number;
  emit: (event: DownloadEvent) => void;
  signal: AbortSignal | undefined;
}

export function gitRunSettings(options: GitModeOptions, ctx: GitRunContext): GitRunSettings {
  return {
    dataDir: ctx.dataDir,
    client: ctx.client,
    endpoint: ctx.endpoint,
    token: options.token,
    environment: options.environment ?? {},
    ledger: ctx.ledger,
    manifests: ctx.manifests,
    filter: ctx.filter,
    budget: new ByteBudget(ctx.maxBytes),
    dryRun: ctx.dryRun,
    verifyExisting: ctx.verifyExisting,
    recheckVerifiedSince: ctx.recheckVerifiedSince,
    concurrency: ctx.concurrency,
    prefetch: ctx.prefetch,
    clone: {
      depth: options.depth,
      dedupe: options.dedupe ?? true,
      lfsTransfers: options.lfsTransfers ?? 4,
      maxTries: options.gitTries ?? 3,
      retryDelayMillis: options.gitRetryDelayMillis ?? 1000,
      sleep: ctx.sleep,
    },
    now: ctx.now,
    progressIntervalMillis: ctx.progressIntervalMillis,
    emit: ctx.emit,
    signal: ctx.signal,
  };
}
