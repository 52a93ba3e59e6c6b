/**
 * `download(options)`: fetch the selected repos (or those of a split file) into `repos/`, verified, pinned,
 * resumable and concurrent across repos, recording everything in the catalog's ledger. The CLI's
 * `hftorrent download` parses flags into these options and renders the events.
 */
import { basename, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Ledger } from '../catalog/ledger.js';
import type { ManifestStore } from '../catalog/manifest-store.js';
import { requireCatalog } from '../catalog/data-dir.js';
import { acquireDataDirLock } from '../catalog/lock.js';
import { openCatalog, type Catalog } from '../catalog/open-catalog.js';
import { StageNotRunError, UsageError } from '../errors.js';
import type { HubClient } from '../hub/hub-client.js';
import { normalizeEndpoint } from '../hub/hub-urls.js';
import { ByteBudget } from './byte-budget.js';
import { bootTimeMillis, recheckVerifiedSince } from './crash-recovery.js';
import { runEngine, type DownloadItem, type EngineSettings } from './engine/run-engine.js';
import type { DownloadEvent } from './events.js';
import { createFileFilter, isPassThrough } from './file-filter.js';
import { checkGitModeOptions, gitMethodSettings, type GitModeOptions } from './git/git-options.js';
import { gitMethod } from './git/git-method.js';
import { httpMethod, type SegmentOptions } from './http/http-method.js';
import { checkShard, inShard, type Shard } from './shard.js';
import type { DownloadSummary } from './summary.js';
import { readUrlsFile } from './urls-file.js';
import {
  datasetLayout,
  localDirLayout,
  type DownloadLayout,
  type LayoutName,
} from './layouts/download-layout.js';
import { hfCacheLayout } from './layouts/hf-cache-layout.js';
import { splitRepoKey } from '../repo-key.js';
import { pinUrlsEntries, resolveRequestedRepos, type RepoRequest } from './single-repo.js';

export interface DownloadClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `millis`; rejects when `signal` aborts. */
  sleep(millis: number, signal?: AbortSignal): Promise<void>;
}

/** `method`, `dedupe`, `depth`, `token`... choose and tune git mode: see git/git-options.ts. */
export interface DownloadOptions extends GitModeOptions {
  /** The data dir (`--data-dir`); everything goes under `<dataDir>/huggingface/`. */
  dataDir: string;
  /** The Hub client (it holds the endpoint and the token). */
  client: HubClient;
  /** The Hub's base URL; `--urls` lines must be under it. Default `client.endpoint`. */
  endpoint?: string;
  /** Files in flight at once, across repos (git mode: repos cloned at once). Default 8. */
  concurrency?: number;
  /** Keep only files matching one of these globs (fnmatch-style, like `hf download`). Default: all files. */
  include?: string[];
  /** Drop files matching any of these globs. Default: none. */
  exclude?: string[];
  /** Report the repos, files and bytes a run would fetch, with totals, and fetch no file. Default false. */
  dryRun?: boolean;
  /** Budget in bytes, spent in rank order (see byte-budget.ts). Default: unlimited. */
  maxBytes?: number;
  /** Take only every `count`-th repo of the list, starting with the `index`-th (1-based). Default: all. */
  shard?: Shard;
  /** Download the repos of this split file instead of the catalog's selection. */
  urlsFile?: string;
  /** Download these repos, each at the commit its revision names now, instead of the selection (`download ORG/NAME`). */
  repos?: RepoRequest[];
  /** Only these exact paths of the repos (`download ORG/NAME FILE...`); each must exist. Default: all files. */
  files?: string[];
  /** `dataset` (default): `repos/AUTHOR/MODEL/<path>`; `hf-cache`: the Hugging Face cache in `cacheDir`. */
  layout?: LayoutName;
  /** The Hugging Face cache folder of `layout: 'hf-cache'` (config.ts resolves the default). */
  cacheDir?: string;
  /** With one repo in `repos`: its files as plain files under this folder (`--local-dir`). Default: none. */
  localDir?: string;
  /** Stops the run: files in flight keep their partial bytes for the next run. */
  signal?: AbortSignal;
  /** Progress and state changes. Must not throw. */
  onEvent?: (event: DownloadEvent) => void;
  /**
   * fdatasync each file before it is renamed into place, so that a final path holds verified content even
   * right after a power loss. Default false: a killed run loses nothing without it, and after an OS crash the
   * next run re-hashes the files verified shortly before it (crash-recovery.ts); an fsync per file costs about
   * half the throughput on small files and makes large files wait for the disk.
   */
  fsync?: boolean;
  /**
   * Ask the Hub again about repos it refused before (gated, not found, disabled). Default false: such a skip
   * stands until something changed (the run has another token, or one where there was none).
   */
  retrySkipped?: boolean;
  /** Re-hash every file already verified on disk before trusting it (an audit; no request unless a file is bad). Default false. */
  verifyExisting?: boolean;
  /** When this machine booted, in milliseconds since the epoch (tests). Default: from the system uptime. */
  bootTimeMillis?: number;
  /**
   * Connections at once across the files in flight: a file of at least `segmentThresholdBytes` takes more
   * than one while there is room (its parts go over several connections). Default 16, and never fewer than
   * `concurrency`.
   */
  connections?: number;
  /** Files of at least this many bytes are fetched in parts over several connections. Default 64 MiB. */
  segmentThresholdBytes?: number;
  /** False: every file over one connection (`--no-segments`). Default true. */
  segments?: boolean;
  /** Bytes per part of a file fetched in parts (tests, tuning). Default: about size / 256, 4 to 64 MiB. */
  segmentPartBytes?: number;
  /** Consecutive resets/short bodies without a new byte before a file fails. Default 5. */
  maxStalls?: number;
  /** Full downloads of a file whose hash did not match before it fails. Default 3. */
  maxHashTries?: number;
  /** First wait after a stalled body, in milliseconds (doubles per stall, max 30 s). Default 1000. */
  stallDelayMillis?: number;
  /** Interval between `progress` events, in milliseconds. Default 250. */
  progressIntervalMillis?: number;
  /** Time source (tests). Default: the system clock. */
  clock?: DownloadClock;
}

/** Manifests resolved ahead of the repo being admitted (API calls overlap with downloads). */
const PREFETCH_REPOS = 4;
/** Connections across the files in flight (`--connections`): the hub client's pool per origin. */
const DEFAULT_CONNECTIONS = 16;
/** Files from this size go in parts over several connections (`--segment-threshold`). */
export const DEFAULT_SEGMENT_THRESHOLD_BYTES = 64 * 1024 * 1024;

export async function download(options: DownloadOptions): Promise<DownloadSummary> {
  checkDownloadOptions(options);
  const shard = options.shard === undefined ? undefined : checkShard(options.shard);
  // the one check of a given endpoint; the client's is normalised already
  const endpoint =
    options.endpoint === undefined ? options.client.endpoint : normalizeEndpoint(options.endpoint);
  // Read and check the split file before taking the lock: a bad line is a usage error, not a run.
  const urls =
    options.urlsFile === undefined
      ? null
      : await pinUrlsEntries(
          options.client,
          await readUrlsFile(options.urlsFile, endpoint, basename(options.urlsFile)),
        );
  const layout = chooseLayout(options);
  // single repos: each revision resolved to a commit once, before the run
  const requested =
    options.repos === undefined
      ? null
      : await resolveRequestedRepos(options.client, options.repos, options.files);
  // Only a urls file or named repos need no catalog (the ledger's is made for them); a selection is an
  // earlier stage's.
  if (urls === null && requested === null) requireCatalog(options.dataDir);
  const release = acquireDataDirLock(options.dataDir, 'download');
  const catalog = (() => {
    try {
      return openCatalog(options.dataDir, { now: options.clock?.now });
    } catch (error) {
      release();
      throw error;
    }
  })();
  try {
    const list =
      requested === null
        ? runList(catalog, urls, shard, options.urlsFile, options.dryRun ?? false)
        : { items: requested, total: requested.length, source: 'repos' };
    return await downloadList(catalog, list, options, layout);
  } finally {
    catalog.close();
    release();
  }
}

/** The checks of a run's options that need nothing but the options (usage errors before any lock). */
export function checkDownloadOptions(options: DownloadOptions): void {
  const concurrency = options.concurrency ?? 8;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`concurrency: must be a positive integer, got ${concurrency}`);
  }
  if (options.maxBytes !== undefined && (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 0)) {
    throw new UsageError(`max bytes: must be a non-negative integer, got ${options.maxBytes}`);
  }
  checkGitModeOptions(options);
  if (
    options.method === 'git' &&
    (options.repos ?? []).some((r) => splitRepoKey(r.repoKey).type !== 'model')
  ) {
    throw new UsageError('git mode clones models only: download datasets and spaces over HTTP');
  }
}

/** What a run works through: its items in order, how many, and the source the ledger records. */
export interface DownloadList {
  items: DownloadItem[];
  total: number;
  source: string;
}

/**
 * Runs the engine over `list` with the ledger and manifest store given: the catalog's (`download`), or a
 * cluster worker's own (src/cluster). The caller holds whatever lock its ledger needs.
 */
export async function downloadList(
  store: { ledger: Ledger; manifests: ManifestStore },
  list: DownloadList,
  options: DownloadOptions,
  layout: DownloadLayout = chooseLayout(options),
): Promise<DownloadSummary> {
  const concurrency = options.concurrency ?? 8;
  const endpoint =
    options.endpoint === undefined ? options.client.endpoint : normalizeEndpoint(options.endpoint);
  const now = options.clock?.now ?? Date.now;
  const { ledger, manifests } = store;
  const { items, total, source } = list;
  // Before this run writes anything: did the machine reboot since the last run's last file write?
  const recheck = recheckVerifiedSince(
    ledger.lastFileUpdate(),
    options.bootTimeMillis ?? bootTimeMillis(now()),
  );
  if (!(options.dryRun ?? false)) enlistAll(ledger, items, source);
  const settings: EngineSettings = {
    dataDir: options.dataDir,
    layout,
    client: options.client,
    ledger,
    manifests,
    filter: isPassThrough(options) ? null : createFileFilter(options),
    budget: new ByteBudget(options.maxBytes),
    dryRun: options.dryRun ?? false,
    verifyExisting: options.verifyExisting ?? false,
    recheckVerifiedSince: recheck,
    retrySkipped: options.retrySkipped ?? false,
    concurrency,
    prefetch: Math.min(PREFETCH_REPOS, concurrency),
    now,
    progressIntervalMillis: options.progressIntervalMillis ?? 250,
    emit: options.onEvent ?? (() => undefined),
    signal: options.signal,
  };
  const sleep = options.clock?.sleep ?? defaultSleep;
  const method =
    options.method === 'git'
      ? gitMethod(gitMethodSettings(options, endpoint, sleep))
      : httpMethod(
          {
            fsync: options.fsync,
            maxStalls: options.maxStalls,
            maxHashTries: options.maxHashTries,
            stallDelayMillis: options.stallDelayMillis,
            sleep: options.clock?.sleep,
          },
          segmentOptions(options, concurrency),
        );
  return await runEngine(items, total, settings, method);
}

/** Where verified files go; the hf-cache layout needs a cache folder and HTTP files. */
function chooseLayout(options: DownloadOptions): DownloadLayout {
  if (options.localDir !== undefined) {
    if ((options.repos ?? []).length !== 1 || options.layout !== undefined || options.method === 'git') {
      throw new UsageError('a local dir takes the files of one repo, over HTTP, in no other layout');
    }
    return localDirLayout(resolve(options.localDir));
  }
  if ((options.layout ?? 'dataset') === 'dataset') {
    if (options.cacheDir !== undefined)
      throw new UsageError('a cache dir goes with the hf-cache layout only');
    return datasetLayout(options.dataDir);
  }
  if (options.layout === 'local-dir') throw new UsageError('the local-dir layout needs a local dir');
  if (options.method === 'git') {
    throw new UsageError('the hf-cache layout holds files, not clones: use it with --method http');
  }
  if (options.cacheDir === undefined || options.cacheDir === '') {
    throw new UsageError('the hf-cache layout needs a cache dir');
  }
  return hfCacheLayout(resolve(options.cacheDir));
}

/** Large files in parts: the threshold and the connection budget (null: every file over one connection). */
function segmentOptions(options: DownloadOptions, concurrency: number): SegmentOptions | null {
  if (options.segments === false) return null;
  const connections = options.connections ?? DEFAULT_CONNECTIONS;
  const thresholdBytes = options.segmentThresholdBytes ?? DEFAULT_SEGMENT_THRESHOLD_BYTES;
  if (!Number.isSafeInteger(connections) || connections < 1) {
    throw new UsageError(`connections: must be a positive integer, got ${connections}`);
  }
  if (!Number.isSafeInteger(thresholdBytes) || thresholdBytes < 1) {
    throw new UsageError(`segment threshold: must be a positive number of bytes, got ${thresholdBytes}`);
  }
  const partBytes = options.segmentPartBytes;
  if (partBytes !== undefined && (!Number.isSafeInteger(partBytes) || partBytes < 1)) {
    throw new UsageError(`segment part bytes: must be a positive integer, got ${partBytes}`);
  }
  return { connections: Math.max(connections, concurrency), thresholdBytes, partBytes };
}

/** What this run works through: the urls file's repos, else the catalog's selection, in the shard. */
function runList(
  catalog: Catalog,
  urls: DownloadItem[] | null,
  shard: Shard | undefined,
  urlsFile: string | undefined,
  dryRun: boolean,
): { items: DownloadItem[]; total: number; source: string } {
  if (urls !== null) {
    const items = urls.filter((item) => inShard(item.position, shard));
    return { items, total: items.length, source: `urls:${basename(urlsFile ?? '')}` };
  }
  const selection = catalog.selections.current();
  if (selection === null) {
    throw new StageNotRunError(
      'no selection in the catalog: run `hftorrent select` first (or pass --urls FILE)',
    );
  }
  const rows = dryRun ? withGated(catalog, selection.snapshotId) : catalog.selections.iterate();
  const items = selectedItems(rows, shard);
  return { items, total: shardSize(selection.count, shard), source: 'selection' };
}

/**
 * The selection's rows with what the listing said about access: a dry run counts a repo the catalog knows is
 * gated as the Hub would answer it (run-engine.ts), where a real run asks.
 */
function* withGated(catalog: Catalog, snapshotId: number): Generator<SelectedRow> {
  for (const { selected, model } of catalog.selections.iterateWithModels(snapshotId)) {
    yield { ...selected, gated: model?.gated != null };
  }
}

interface SelectedRow {
  rank: number;
  id: string;
  sha: string | null;
  gated?: boolean;
}

/** The selection's rows in rank order, as download items, restricted to the shard. */
function selectedItems(rows: Iterable<SelectedRow>, shard: Shard | undefined): DownloadItem[] {
  const all: DownloadItem[] = [];
  let position = 0;
  for (const row of rows) {
    if (inShard(position, shard)) {
      const item: DownloadItem = { repoId: row.id, position: row.rank, listedCommit: row.sha };
      all.push(row.gated === true ? { ...item, gated: true } : item);
    }
    position += 1;
  }
  return all;
}

/** How many of `count` positions fall in `shard`. */
export function shardSize(count: number, shard: Shard | undefined): number {
  if (shard === undefined) return count;
  return count >= shard.index ? Math.floor((count - shard.index) / shard.count) + 1 : 0;
}

const ENLIST_BATCH = 1000;

function enlistAll(ledger: Ledger, items: Iterable<DownloadItem>, source: string): void {
  let batch: DownloadItem[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= ENLIST_BATCH) {
      ledger.enlist(batch, source);
      batch = [];
    }
  }
  if (batch.length > 0) ledger.enlist(batch, source);
}

function defaultSleep(millis: number, signal?: AbortSignal): Promise<void> {
  return delay(millis, undefined, { signal });
}
