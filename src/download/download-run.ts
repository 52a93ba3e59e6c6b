/**
 * The engine of a download run: a producer that resolves manifests a few repos ahead and admits repos in rank
 * order, a global queue of files, and `concurrency` workers that fetch them. Every state change goes to the
 * ledger as it happens, so a run killed at any instant resumes from the ledger and the files on disk.
 */
import type { Ledger } from '../catalog/ledger.js';
import type { ManifestStore } from '../catalog/manifest-store.js';
import { AbortedError } from '../errors.js';
import type { HubClient } from '../hub/hub-client.js';
import type { ByteBudget } from './byte-budget.js';
import { classifyError } from './classify-error.js';
import type { DownloadEvent, FileInFlight } from './events.js';
import type { FileFilter } from './file-filter.js';
import type { FetchFileSettings } from './http/fetch-verified-file.js';
import { runFileTask } from './http/file-task.js';
import { HashPool } from './http/hash-pool.js';
import { ProgressMeter } from './progress-meter.js';
import { admitRepo, type Admission } from './repo-admission.js';
import { RepoOutcomes } from './repo-outcomes.js';
import { resolveRepo, type Resolution } from './repo-manifest.js';
import type { FileTask, RepoRun } from './run-types.js';
import { FileOutcomeBuffer } from './ledger-buffer.js';
import { emptySummary, type DownloadSummary } from './summary.js';
import { WorkQueue } from './work-queue.js';

export interface DownloadItem {
  repoId: string;
  /** 0-based position in the list (selection rank or file order). */
  position: number;
  /** The commit recorded at listing (or given in the urls file); null when there is none. */
  listedCommit: string | null;
}

export interface RunSettings {
  dataDir: string;
  client: HubClient;
  ledger: Ledger;
  manifests: ManifestStore;
  filter: FileFilter;
  budget: ByteBudget;
  dryRun: boolean;
  concurrency: number;
  verifyExisting: boolean;
  recheckVerifiedSince: string | null;
  /** Repos whose manifests are resolved ahead of the one being admitted. */
  prefetch: number;
  fetch: Omit<FetchFileSettings, 'client' | 'signal' | 'onBytes' | 'onRetry' | 'hashers'>;
  now: () => number;
  progressIntervalMillis: number;
  emit: (event: DownloadEvent) => void;
  signal: AbortSignal | undefined;
}

export async function runDownload(
  items: Iterable<DownloadItem>,
  reposTotal: number,
  s: RunSettings,
): Promise<DownloadSummary> {
  const summary = emptySummary(s.dryRun);
  const meter = new ProgressMeter(s.now);
  meter.reposTotal = reposTotal;
  summary.repos.total = reposTotal;
  const controller = new AbortController();
  let fatal: unknown = null;
  const stopRun = (error: unknown) => {
    fatal ??= error;
    controller.abort();
  };
  const onExternalAbort = () => stopRun(new AbortedError('download aborted'));
  if (s.signal?.aborted) onExternalAbort();
  s.signal?.addEventListener('abort', onExternalAbort, { once: true });
  const outcomes = new FileOutcomeBuffer(s.ledger);
  const queue = new WorkQueue<FileTask>({
    maxQueuedFiles: s.concurrency * 4,
    maxOpenRepos: s.concurrency * 2 + 2,
  });

  const repoOutcomes = new RepoOutcomes({
    dataDir: s.dataDir,
    dryRun: s.dryRun,
    ledger: s.ledger,
    outcomes,
    summary,
    meter,
    emit: s.emit,
  });
  const ended = (repoId: string, state: 'skipped' | 'failed', reason: string, detail: string) =>
    repoOutcomes.ended(repoId, state, reason, detail);
  const finishRepo = (run: RepoRun, queued: boolean) => {
    if (queued) queue.repoDone();
    // An interrupted run leaves the repo `downloading`: the next run re-admits it and skips what is verified.
    if (!controller.signal.aborted) repoOutcomes.finished(run);
  };

  const resolve = (item: DownloadItem) =>
    resolveRepo(
      item.repoId,
      item.listedCommit ?? s.ledger.getRepo(item.repoId)?.commit ?? null,
      s.client,
      s.manifests,
    );

  const admit = async (item: DownloadItem, resolution: Resolution): Promise<void> => {
    const { repoId } = item;
    if (resolution.kind === 'error') {
      const action = classifyError(resolution.error);
      if (action.action === 'stop-run') return stopRun(action.error);
      const state = action.action === 'skip-repo' ? 'skipped' : 'failed';
      return ended(repoId, state, action.reason, action.detail);
    }
    if (resolution.kind === 'disabled') {
      if (!s.dryRun && resolution.mainSha !== null) s.ledger.recordMain(repoId, resolution.mainSha);
      return ended(repoId, 'skipped', 'disabled', 'model info says the repo is disabled');
    }
    const { manifest } = resolution;
    const previous = s.ledger.getRepo(repoId);
    if (!s.dryRun && manifest.mainSha !== null) s.ledger.recordMain(repoId, manifest.mainSha);
    const admission: Admission = await admitRepo(
      {
        dataDir: s.dataDir,
        ledger: s.ledger,
        filter: s.filter,
        budget: s.budget,
        dryRun: s.dryRun,
        signal: controller.signal,
        verifyExisting: s.verifyExisting,
        recheckVerifiedSince: s.recheckVerifiedSince,
      },
      repoId,
      manifest.commit,
      manifest.files,
      previous,
    );
    if (admission.kind === 'ended') return ended(repoId, admission.state, admission.reason, admission.detail);
    if (admission.kind === 'planned') {
      const { plan } = admission;
      summary.plan ??= [];
      summary.plan.push(plan);
      summary.files.total += plan.files;
      summary.bytes.total += plan.bytes;
      meter.reposDone += 1;
      s.emit({ type: 'repo-plan', plan });
      return;
    }
    const { run, tasks } = admission;
    outcomes.flush();
    s.ledger.startRepo(repoId, { commit: run.commit, method: 'http' });
    s.ledger.setRepoState(repoId, {
      state: 'downloading',
      filesTotal: run.files,
      filesVerified: run.verifiedFiles,
      bytesTotal: run.bytes,
      bytesVerified: run.verifiedBytes,
    });
    s.emit({
      type: 'repo-state',
      repoId,
      state: 'downloading',
      commit: run.commit,
      files: run.files,
      bytes: run.bytes,
    });
    meter.filesTotal += run.files;
    meter.filesDone += run.verifiedFiles;
    meter.bytesTotal += run.bytes;
    meter.bytesDone += run.verifiedBytes;
    run.remaining = tasks.length;
    if (tasks.length === 0) return finishRepo(run, false);
    queue.addRepo(tasks);
  };

  const produce = async () => {
    const window: Array<{ item: DownloadItem; resolution: Promise<Resolution> }> = [];
    const iterator = items[Symbol.iterator]();
    let exhausted = false;
    const fill = () => {
      while (!exhausted && window.length < s.prefetch + 1) {
        const next = iterator.next();
        if (next.done === true) exhausted = true;
        else {
          const item = next.value;
          // Past the budget nothing more is fetched, not even a manifest.
          const resolution: Promise<Resolution> = s.budget.exhausted
            ? Promise.resolve({ kind: 'error', error: null })
            : resolve(item);
          window.push({ item, resolution });
        }
      }
    };
    for (fill(); window.length > 0; fill()) {
      if (controller.signal.aborted) break;
      if (!s.dryRun) await queue.waitForRoom();
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
    queue.close();
  };

  const work = async () => {
    for (;;) {
      const task = await queue.take();
      if (task === null) return;
      await processTask(task);
    }
  };

  const processTask = async (task: FileTask) => {
    const { run } = task;
    const entry: FileInFlight = { repoId: run.repoId, path: task.path, bytes: 0, size: task.expected.size };
    // A file that ends unverified leaves the progress totals, so that done reaches total at the end.
    const dropFromTotals = () => {
      meter.filesTotal -= 1;
      meter.bytesTotal -= task.expected.size;
    };
    try {
      if (run.stop !== null || controller.signal.aborted) return dropFromTotals();
      meter.inFlight.add(entry);
      s.emit({ type: 'file-start', repoId: run.repoId, path: task.path, size: task.expected.size });
      const outcome = await runFileTask(s.dataDir, task, {
        ...s.fetch,
        client: s.client,
        hashers: hashPool.hashers,
        onBytes: (delta) => meter.addBytes(entry, delta),
        onRetry: (retry) => s.emit({ type: 'file-retry', repoId: run.repoId, path: task.path, ...retry }),
      });
      outcomes.add({ repoId: run.repoId, path: task.path, state: 'verified', bytes: task.expected.size });
      run.verifiedFiles += 1;
      run.verifiedBytes += task.expected.size;
      summary.resolveRequests += outcome.resolveRequests;
      summary.bytes.fetched += outcome.bytesFetched;
      summary.bytes.reused += outcome.bytesReused;
      if (!outcome.fromDisk) summary.files.fetched += 1;
      meter.bytesDone += task.expected.size - entry.bytes;
      entry.bytes = task.expected.size;
      meter.filesDone += 1;
      s.emit({
        type: 'file-done',
        repoId: run.repoId,
        path: task.path,
        size: task.expected.size,
        state: 'verified',
        resolveRequests: outcome.resolveRequests,
      });
    } catch (error) {
      meter.bytesDone -= entry.bytes;
      dropFromTotals();
      if (controller.signal.aborted || run.stop !== null) return;
      const action = classifyError(error);
      if (action.action === 'stop-run') return stopRun(action.error);
      if (action.action === 'skip-repo' || action.action === 'fail-repo') {
        run.stop = { state: action.action === 'skip-repo' ? 'skipped' : 'failed', ...action };
        run.controller.abort();
        return;
      }
      outcomes.add({
        repoId: run.repoId,
        path: task.path,
        state: 'failed',
        reason: `${action.reason}: ${action.detail}`,
      });
      run.failedFiles += 1;
      run.failure ??= { reason: action.reason, detail: `${task.path}: ${action.detail}` };
      s.emit({
        type: 'file-done',
        repoId: run.repoId,
        path: task.path,
        size: task.expected.size,
        state: 'failed',
        reason: action.reason,
        resolveRequests: 0,
      });
    } finally {
      meter.inFlight.delete(entry);
      run.remaining -= 1;
      if (run.remaining === 0) finishRepo(run, true);
    }
  };

  s.emit({
    type: 'run-start',
    method: 'http',
    repos: reposTotal,
    dryRun: s.dryRun,
    concurrency: s.concurrency,
  });
  const emitProgress = () => s.emit({ type: 'progress', ...meter.snapshot() });
  const timer = setInterval(emitProgress, s.progressIntervalMillis);
  timer.unref();
  const hashPool = new HashPool();
  try {
    const workers = Array.from({ length: s.dryRun ? 0 : s.concurrency }, () => work());
    await produce();
    await Promise.all(workers);
    await repoOutcomes.settle();
  } finally {
    clearInterval(timer);
    // Outcomes recorded before a fatal error are true all the same; if the ledger itself failed, keep its error.
    try {
      outcomes.flush();
    } catch (error) {
      fatal ??= error;
    }
    await hashPool.close();
    s.signal?.removeEventListener('abort', onExternalAbort);
  }
  if (fatal !== null) throw fatal;
  emitProgress();
  summary.elapsedMillis = meter.snapshot().elapsedMillis;
  s.emit({ type: 'run-end', summary });
  return summary;
}
