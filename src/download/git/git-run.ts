/**
 * The engine of a git-mode run: manifests resolved a few repos ahead (the same model info calls as the HTTP
 * method), repos admitted in rank order (unsafe paths, budget), `concurrency` repos cloned at once, and every
 * state change written to the same ledger as the HTTP method, with method `git`.
 */
import { setMaxListeners } from 'node:events';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ledger, LedgerRepo } from '../../catalog/ledger.js';
import type { ManifestStore } from '../../catalog/manifest-store.js';
import { AbortedError, HfTorrentError } from '../../errors.js';
import type { HubClient } from '../../hub/hub-client.js';
import type { RepoFile } from '../../types.js';
import type { ByteBudget } from '../byte-budget.js';
import { classifyError } from '../classify-error.js';
import type { DownloadItem } from '../download-run.js';
import type { DownloadEvent, FileInFlight } from '../events.js';
import { reposRoot, stagingFolder } from '../layout.js';
import { ProgressMeter } from '../progress-meter.js';
import { repoFolderSegments } from '../repo-folder.js';
import { repoManifest, type RepoManifest } from '../repo-manifest.js';
import { safePathSegments } from '../safe-path.js';
import { emptySummary, type DownloadSummary } from '../summary.js';
import { cloneRepo, type CloneRepoOptions } from './clone-repo.js';
import { checkGitInstalled } from './git-preflight.js';
import { explainAuthFailure } from './explain-auth-failure.js';
import { GitAuthRequiredError } from './git-failure-error.js';
import { GitSession } from './git-session.js';

export interface GitRunSettings {
  dataDir: string;
  client: HubClient;
  /** The Hub's base URL: repos are cloned from `<endpoint>/<id>`. */
  endpoint: string;
  /** Hub token for git and git-lfs (through a credential helper), or undefined. */
  token: string | undefined;
  /** Where git's PATH and proxy settings come from. */
  environment: Readonly<Record<string, string | undefined>>;
  ledger: Ledger;
  manifests: ManifestStore;
  budget: ByteBudget;
  dryRun: boolean;
  /** Repos cloned at once. */
  concurrency: number;
  /** Repos whose manifests are resolved ahead of the one being admitted. */
  prefetch: number;
  clone: Pick<
    CloneRepoOptions,
    'depth' | 'dedupe' | 'lfsTransfers' | 'maxTries' | 'retryDelayMillis' | 'sleep'
  >;
  now: () => number;
  progressIntervalMillis: number;
  emit: (event: DownloadEvent) => void;
  signal: AbortSignal | undefined;
}

type Resolution =
  | { kind: 'manifest'; manifest: RepoManifest }
  | { kind: 'disabled'; mainSha: string | null }
  | { kind: 'error'; error: unknown };

export async function runGitDownload(
  items: Iterable<DownloadItem>,
  reposTotal: number,
  s: GitRunSettings,
): Promise<DownloadSummary> {
  const summary = emptySummary(s.dryRun);
  summary.repos.total = reposTotal;
  summary.bytes.disk = 0;
  const meter = new ProgressMeter(s.now);
  meter.reposTotal = reposTotal;
  const controller = new AbortController();
  let fatal: unknown = null;
  const stopRun = (error: unknown): void => {
    fatal ??= error;
    controller.abort();
  };
  // every git child, pause and hash stream of the repos in flight listens to it
  setMaxListeners(Math.max(10, s.concurrency * 8), controller.signal);
  const onExternalAbort = (): void => stopRun(new AbortedError('download aborted'));
  if (s.signal?.aborted) onExternalAbort();
  s.signal?.addEventListener('abort', onExternalAbort, { once: true });
  const session = await GitSession.open({
    endpoint: s.endpoint,
    token: s.token,
    inherited: s.environment,
    signal: controller.signal,
  });
  const root = reposRoot(s.dataDir);

  const ended = (repoId: string, state: 'skipped' | 'failed', reason: string, detail: string): void => {
    const list = state === 'skipped' ? summary.skipped : summary.failed;
    const counts = state === 'skipped' ? summary.skippedByReason : summary.failedByReason;
    list.push({ repoId, reason, detail });
    counts[reason] = (counts[reason] ?? 0) + 1;
    summary.repos[state] += 1;
    meter.reposDone += 1;
    if (!s.dryRun) s.ledger.setRepoState(repoId, { state, reason, detail });
    s.emit({ type: 'repo-state', repoId, state, reason, detail });
  };

  const verified = (
    repoId: string,
    commit: string,
    files: readonly RepoFile[],
    bytes: number,
    disk: number,
  ): void => {
    summary.repos.verified += 1;
    summary.files.total += files.length;
    summary.files.verified += files.length;
    summary.bytes.total += bytes;
    summary.bytes.verified += bytes;
    summary.bytes.disk = (summary.bytes.disk ?? 0) + disk;
    meter.reposDone += 1;
    s.emit({
      type: 'repo-state',
      repoId,
      state: 'verified',
      commit,
      files: files.length,
      bytes,
      diskBytes: disk,
    });
  };

  const removeStaging = (repoId: string): Promise<void> =>
    rm(stagingFolder(s.dataDir, repoId), { recursive: true, force: true }).catch(() => undefined);

  const resolve = async (item: DownloadItem): Promise<Resolution> => {
    try {
      const pinned = item.listedCommit ?? s.ledger.getRepo(item.repoId)?.commit ?? null;
      const result = await repoManifest({
        repoId: item.repoId,
        pinned,
        client: s.client,
        store: s.manifests,
      });
      if ('disabled' in result) return { kind: 'disabled', mainSha: result.mainSha };
      return { kind: 'manifest', manifest: result };
    } catch (error) {
      return { kind: 'error', error };
    }
  };

  /** A clone already verified by an earlier git-mode run: nothing to fetch if it is still at the commit. */
  const stillVerified = async (
    previous: LedgerRepo | null,
    commit: string,
    folder: string,
  ): Promise<boolean> => {
    if (previous?.state !== 'verified' || previous.method !== 'git' || previous.commit !== commit)
      return false;
    const head = await session.run(['rev-parse', '--verify', '--quiet', 'HEAD'], folder).catch(() => null);
    return head?.code === 0 && head.stdout.toString('utf8').trim() === commit;
  };

  const clone = async (repoId: string, manifest: RepoManifest, bytes: number): Promise<void> => {
    const { commit, files } = manifest;
    const entry: FileInFlight = { repoId, path: '(git clone)', bytes: 0, size: bytes };
    s.ledger.startRepo(repoId, { commit, method: 'git' });
    s.ledger.planFiles(
      repoId,
      commit,
      files.map((f) => ({ path: f.path, size: f.size, digest: f.lfs?.sha256 ?? f.blobId })),
    );
    s.ledger.setRepoState(repoId, {
      state: 'downloading',
      filesTotal: files.length,
      filesVerified: 0,
      bytesTotal: bytes,
      bytesVerified: 0,
    });
    s.emit({ type: 'repo-state', repoId, state: 'downloading', commit, files: files.length, bytes });
    meter.inFlight.add(entry);
    try {
      const outcome = await cloneRepo({
        ...s.clone,
        session,
        repoId,
        commit,
        files,
        reposRoot: root,
        folderSegments: repoFolderSegments(repoId),
        stageDir: join(stagingFolder(s.dataDir, repoId), 'git'),
        signal: controller.signal,
        onPhase: (phase) => {
          entry.path = `(git ${phase})`;
        },
      });
      s.ledger.fileOutcomes(files.map((f) => ({ repoId, path: f.path, state: 'verified', bytes: f.size })));
      s.ledger.setRepoState(repoId, {
        state: 'verified',
        filesTotal: files.length,
        filesVerified: files.length,
        bytesTotal: bytes,
        bytesVerified: bytes,
        diskBytes: outcome.diskBytes,
      });
      // git reports no byte counts: a clone made by this run counts its content as fetched
      if (!outcome.resumed) summary.files.fetched += files.length;
      summary.bytes.fetched += bytes;
      meter.bytesFetched += bytes;
      meter.bytesDone += bytes;
      meter.filesDone += files.length;
      verified(repoId, commit, files, bytes, outcome.diskBytes);
      // partial bytes of an earlier HTTP run of this repo, if any, are of no use now
      await removeStaging(repoId);
    } catch (caught) {
      if (controller.signal.aborted) return;
      let error = caught;
      if (error instanceof GitAuthRequiredError) error = await explainAuthFailure(s.client, repoId, error);
      const action = classifyError(error);
      if (action.action === 'stop-run') return stopRun(action.error);
      // a failed clone keeps its staging folder for the next run; the Hub refused a skipped one
      if (action.action === 'skip-repo') await removeStaging(repoId);
      ended(repoId, action.action === 'skip-repo' ? 'skipped' : 'failed', action.reason, action.detail);
    } finally {
      meter.inFlight.delete(entry);
    }
  };

  const running = new Set<Promise<void>>();
  const admit = async (item: DownloadItem, resolution: Resolution): Promise<void> => {
    const { repoId } = item;
    if (resolution.kind === 'error') {
      const action = classifyError(resolution.error);
      if (action.action === 'stop-run') return stopRun(action.error);
      return ended(
        repoId,
        action.action === 'skip-repo' ? 'skipped' : 'failed',
        action.reason,
        action.detail,
      );
    }
    if (resolution.kind === 'disabled') {
      if (!s.dryRun && resolution.mainSha !== null) s.ledger.recordMain(repoId, resolution.mainSha);
      return ended(repoId, 'skipped', 'disabled', 'model info says the repo is disabled');
    }
    const { manifest } = resolution;
    if (!s.dryRun && manifest.mainSha !== null) s.ledger.recordMain(repoId, manifest.mainSha);
    let folderSegments: [string, string];
    try {
      folderSegments = repoFolderSegments(repoId);
      for (const f of manifest.files) safePathSegments(f.path, repoId);
    } catch (error) {
      const detail = error instanceof HfTorrentError ? error.message : String(error);
      return ended(repoId, 'failed', 'unsafe_path', detail);
    }
    const bytes = manifest.files.reduce((sum, f) => sum + f.size, 0);
    if (!s.budget.admit(bytes)) {
      return ended(
        repoId,
        'skipped',
        'over_budget',
        `${bytes} bytes do not fit in what is left of --max-bytes`,
      );
    }
    const previous = s.ledger.getRepo(repoId);
    const done = await stillVerified(previous, manifest.commit, join(root, ...folderSegments));
    if (s.dryRun) {
      const files = manifest.files.length;
      const plan = {
        repoId,
        commit: manifest.commit,
        files,
        bytes,
        filesToFetch: done ? 0 : files,
        bytesToFetch: done ? 0 : bytes,
      };
      (summary.plan ??= []).push(plan);
      summary.files.total += files;
      summary.bytes.total += bytes;
      meter.reposDone += 1;
      return s.emit({ type: 'repo-plan', plan });
    }
    if (done) return verified(repoId, manifest.commit, manifest.files, bytes, previous?.diskBytes ?? 0);
    meter.filesTotal += manifest.files.length;
    meter.bytesTotal += bytes;
    const task = clone(repoId, manifest, bytes)
      .catch(stopRun)
      .finally(() => running.delete(task));
    running.add(task);
  };

  const produce = async (): Promise<void> => {
    const window: Array<{ item: DownloadItem; resolution: Promise<Resolution> }> = [];
    const iterator = items[Symbol.iterator]();
    let exhausted = false;
    const fill = (): void => {
      while (!exhausted && window.length < s.prefetch + 1) {
        const next = iterator.next();
        if (next.done === true) exhausted = true;
        else {
          const resolution: Promise<Resolution> = s.budget.exhausted
            ? Promise.resolve({ kind: 'error', error: null })
            : resolve(next.value);
          window.push({ item: next.value, resolution });
        }
      }
    };
    for (fill(); window.length > 0; fill()) {
      while (running.size >= s.concurrency && !controller.signal.aborted) await Promise.race(running);
      if (controller.signal.aborted) break;
      const { item, resolution } = window.shift() as (typeof window)[number];
      const resolved = await resolution;
      if (controller.signal.aborted) break;
      if (s.budget.exhausted) {
        ended(item.repoId, 'skipped', 'over_budget', 'after the --max-bytes budget ran out');
        continue;
      }
      try {
        await admit(item, resolved);
      } catch (error) {
        stopRun(error);
      }
    }
    meter.totalsFinal = true;
  };

  s.emit({ type: 'run-start', repos: reposTotal, dryRun: s.dryRun, concurrency: s.concurrency });
  const emitProgress = (): void => s.emit({ type: 'progress', ...meter.snapshot() });
  const timer = setInterval(emitProgress, s.progressIntervalMillis);
  timer.unref();
  try {
    if (!s.dryRun) await checkGitInstalled(session);
    await produce();
    while (running.size > 0) await Promise.race(running);
  } finally {
    clearInterval(timer);
    s.signal?.removeEventListener('abort', onExternalAbort);
    await session.close();
  }
  if (fatal !== null) throw fatal;
  emitProgress();
  summary.elapsedMillis = meter.snapshot().elapsedMillis;
  s.emit({ type: 'run-end', summary });
  return summary;
}
