/**
 * The engine of every download run, whatever the method: manifests resolved a few repos ahead, repos admitted
 * in rank order (unsafe paths, filters, budget), work in flight bounded by the method, the run stopped by the
 * first fatal error or the caller's signal, and every outcome tallied (run-tally.ts). The method (HTTP's file
 * queue, git's clones) only fetches what the engine admits.
 */
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import type { Ledger, LedgerRepo } from '../../catalog/ledger.js';
import type { ManifestStore } from '../../catalog/manifest-store.js';
import { AbortedError, HfTorrentError } from '../../errors.js';
import { ANONYMOUS } from '../../hub/client-identity.js';
import type { HubClient } from '../../hub/hub-client.js';
import type { ByteBudget } from '../byte-budget.js';
import { classifyError } from '../classify-error.js';
import type { DownloadEvent } from '../events.js';
import { FILTERED_OUT, type FileFilter } from '../file-filter.js';
import { resolveAhead } from './resolve-ahead.js';
import { reposRoot } from '../layout.js';
import { repoFolderSegments } from '../repo-folder.js';
import { resolveRepo, type RepoManifest, type Resolution } from '../repo-manifest.js';
import { safePathSegments } from '../safe-path.js';
import type { DownloadSummary } from '../summary.js';
import type { AdmittedRepo, CheckedFile, DownloadMethodRun } from './download-method.js';
import { RunTally } from './run-tally.js';

export interface DownloadItem {
  repoId: string;
  /** 0-based position in the list (selection rank or file order). */
  position: number;
  /** The commit recorded at listing (or given in the urls file); null when there is none. */
  listedCommit: string | null;
  /** The listing said the repo is gated (known to dry runs only; a real run asks the Hub). */
  gated?: boolean;
}

export interface EngineSettings {
  dataDir: string;
  client: HubClient;
  ledger: Ledger;
  manifests: ManifestStore;
  /** `--include` / `--exclude`; null keeps every file. */
  filter: FileFilter | null;
  budget: ByteBudget;
  dryRun: boolean;
  /** Work in flight: files (http) or repos cloned at once (git). */
  concurrency: number;
  /** Re-check every verified file or clone from disk before trusting it. */
  verifyExisting: boolean;
  /** What was verified at or after this ISO time is checked again (crash-recovery.ts); null: nothing. */
  recheckVerifiedSince: string | null;
  /** Repos whose manifests are resolved ahead of the one being admitted. */
  prefetch: number;
  /** Ask the Hub again about repos it refused before, even when nothing changed (`--retry-skipped`). */
  retrySkipped: boolean;
  now: () => number;
  progressIntervalMillis: number;
  emit: (event: DownloadEvent) => void;
  signal: AbortSignal | undefined;
}

/** What a method gets from the engine. */
export interface EngineContext {
  settings: EngineSettings;
  tally: RunTally;
  /** Aborted when the run stops (fatal error or the caller's signal). */
  signal: AbortSignal;
  /** Stops the run with `error` (the first one wins); work in flight ends as soon as it can. */
  stopRun(error: unknown): void;
}

export type MethodFactory = (ctx: EngineContext) => DownloadMethodRun;

export async function runEngine(
  items: Iterable<DownloadItem>,
  reposTotal: number,
  s: EngineSettings,
  method: { name: 'http' | 'git'; create: MethodFactory },
): Promise<DownloadSummary> {
  const controller = new AbortController();
  // every request, git child, pause and hash stream of the work in flight listens to it
  setMaxListeners(Math.max(10, s.concurrency * 8), controller.signal);
  let fatal: unknown = null;
  let interrupted = false;
  const stopRun = (error: unknown): void => {
    fatal ??= error;
    controller.abort();
  };
  const onExternalAbort = (): void => {
    interrupted = fatal === null;
    stopRun(new AbortedError('download aborted'));
  };
  if (s.signal?.aborted) onExternalAbort();
  s.signal?.addEventListener('abort', onExternalAbort, { once: true });
  const tally = new RunTally({ ...s, method: method.name, reposTotal, identity: s.client.identity });
  const run = method.create({ settings: s, tally, signal: controller.signal, stopRun });
  s.emit({
    type: 'run-start',
    method: method.name,
    repos: reposTotal,
    dryRun: s.dryRun,
    concurrency: s.concurrency,
  });
  const timer = setInterval(() => tally.progress(), s.progressIntervalMillis);
  timer.unref();
  try {
    await run.start();
    const resolve = (item: DownloadItem): Promise<EngineResolution> => {
      if (s.budget.exhausted) return Promise.resolve({ kind: 'over-budget' });
      // one ledger read per repo decides both: does an earlier skip stand, and what commit to pin
      const previous = s.ledger.getRepo(item.repoId);
      const kept = keptSkip(previous, s) ?? knownGated(item, s, tally);
      return kept !== null ? Promise.resolve(kept) : resolveFor(item, previous, s);
    };
    for await (const { item, resolution } of resolveAhead(items, s.prefetch, resolve)) {
      if (controller.signal.aborted) break;
      if (!s.dryRun) await run.waitForRoom();
      if (controller.signal.aborted) break;
      await admit(item.repoId, resolution, s, tally, run).catch(stopRun);
      tally.meter.reposAdmitted += 1;
    }
    tally.meter.totalsFinal = true;
    await run.drain();
    await tally.settle();
  } finally {
    clearInterval(timer);
    // Outcomes recorded before a fatal error are true all the same; if the ledger itself failed, keep its error.
    try {
      tally.outcomes.flush();
    } catch (error) {
      fatal ??= error;
    }
    await run.close();
    s.signal?.removeEventListener('abort', onExternalAbort);
  }
  // What was done before the caller stopped the run is still worth a summary (the CLI prints it).
  if (interrupted) s.emit({ type: 'run-end', summary: { ...finalSummary(tally), interrupted: true } });
  if (fatal !== null) throw fatal;
  tally.progress();
  s.emit({ type: 'run-end', summary: finalSummary(tally) });
  return tally.summary;
}

function finalSummary(tally: RunTally): DownloadSummary {
  tally.summary.elapsedMillis = tally.meter.snapshot().elapsedMillis;
  return tally.summary;
}

/** Skips the Hub gave: they stand until the Hub says otherwise. */
const HUB_REASONS: ReadonlySet<string> = new Set(['gated', 'not_found', 'disabled']);

type EngineResolution = Resolution | { kind: 'kept'; reason: string; detail: string };

/**
 * A skip the Hub gave an earlier run, asked by the same identity: nothing changed, so the Hub is not asked
 * again (unless `--retry-skipped`). Another token, or one where there was none, asks again.
 */
function keptSkip(previous: LedgerRepo | null, s: EngineSettings): EngineResolution | null {
  if (s.retrySkipped) return null;
  if (previous === null || !refusedBefore(previous) || previous.askedAs !== s.client.identity) return null;
  return { kind: 'kept', reason: previous.reason as string, detail: previous.detail ?? '' };
}

/**
 * A dry run and a repo the listing says is gated: without a token the Hub refuses its files for certain, so
 * it counts as that skip, unasked; with one, it stays in the plan marked gated (the token may lack access).
 */
function knownGated(item: DownloadItem, s: EngineSettings, tally: RunTally): EngineResolution | null {
  if (!s.dryRun || item.gated !== true) return null;
  if (s.client.identity !== ANONYMOUS) {
    tally.markGated(item.repoId);
    return null;
  }
  return { kind: 'kept', reason: 'gated', detail: 'the listing says it is gated, and no token was given' };
}

/** The manifest at the commit to pin: the listed one, else the one an earlier run pinned, else main now. */
function resolveFor(item: DownloadItem, previous: LedgerRepo | null, s: EngineSettings): Promise<Resolution> {
  const pinned = item.listedCommit ?? previous?.commit ?? null;
  // a repo the Hub refused is asked again (model info), not fetched from a stored manifest: when the Hub
  // cannot be reached, the refusal stands instead of turning into a failed file
  const ask = refusedBefore(previous);
  return resolveRepo(item.repoId, pinned, s.client, s.manifests, ask);
}

function refusedBefore(previous: LedgerRepo | null): boolean {
  return previous?.state === 'skipped' && HUB_REASONS.has(previous.reason ?? '');
}

/** One repo, in rank order: the shared checks, then the method's turn. */
async function admit(
  repoId: string,
  resolution: EngineResolution,
  s: EngineSettings,
  tally: RunTally,
  run: DownloadMethodRun,
): Promise<void> {
  if (resolution.kind === 'over-budget' || s.budget.exhausted) {
    return tally.ended(repoId, 'skipped', 'over_budget', 'after the --max-bytes budget ran out');
  }
  if (resolution.kind === 'kept') return tally.kept(repoId, resolution.reason, resolution.detail);
  if (resolution.kind === 'error') return refusedOrFailed(repoId, resolution.error, s, tally);
  if (resolution.kind === 'disabled') {
    if (!s.dryRun && resolution.mainSha !== null) s.ledger.recordMain(repoId, resolution.mainSha);
    return tally.ended(repoId, 'skipped', 'disabled', 'model info says the repo is disabled', true);
  }
  const { manifest } = resolution;
  if (!s.dryRun && manifest.mainSha !== null) s.ledger.recordMain(repoId, manifest.mainSha);
  const checked = checkPaths(repoId, manifest);
  if (!Array.isArray(checked)) return tally.ended(repoId, 'failed', 'unsafe_path', checked.detail);
  const filter = s.filter;
  const selected = filter === null ? checked : checked.filter((c) => filter(c.file.path));
  if (checked.length > 0 && selected.length === 0) {
    return tally.ended(repoId, 'skipped', FILTERED_OUT.reason, FILTERED_OUT.detail);
  }
  const bytes = selected.reduce((sum, c) => sum + c.file.size, 0);
  if (!s.budget.admit(bytes)) {
    const detail = `${bytes} bytes do not fit in what is left of --max-bytes`;
    return tally.ended(repoId, 'skipped', 'over_budget', detail);
  }
  const folderSegments = repoFolderSegments(repoId);
  const repo: AdmittedRepo = {
    repoId,
    manifest,
    folderSegments,
    folder: join(reposRoot(s.dataDir), ...folderSegments),
    all: checked,
    selected,
    bytes,
    previous: s.ledger.getRepo(repoId),
  };
  await run.take(repo);
}

/**
 * A repo whose model info failed: the Hub refused it (a skip, recorded with who asked), or it failed. A
 * failure to reach the Hub never overwrites a reason the Hub gave before: that skip stands.
 */
function refusedOrFailed(repoId: string, error: unknown, s: EngineSettings, tally: RunTally): void {
  const action = classifyError(error);
  if (action.action === 'stop-run') throw action.error;
  if (action.action === 'skip-repo')
    return tally.ended(repoId, 'skipped', action.reason, action.detail, true);
  const previous = s.ledger.getRepo(repoId);
  const transient = error instanceof HfTorrentError && error.consequence === 'retry';
  if (transient && previous !== null && refusedBefore(previous)) {
    return tally.kept(repoId, previous.reason as string, previous.detail ?? '');
  }
  tally.ended(repoId, 'failed', action.reason, action.detail);
}

/** Every path is checked, even those the filters drop: a server that sends one unsafe path gets nothing. */
function checkPaths(repoId: string, manifest: RepoManifest): CheckedFile[] | { detail: string } {
  const checked: CheckedFile[] = [];
  for (const file of manifest.files) {
    try {
      checked.push({ file, segments: safePathSegments(file.path, repoId) });
    } catch (error) {
      return { detail: error instanceof HfTorrentError ? error.message : String(error) };
    }
  }
  return checked;
}
