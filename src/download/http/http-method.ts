/**
 * The HTTP method: one global queue of files across the admitted repos (in rank order) and `concurrency`
 * workers that fetch them, each file verified before it reaches its final path (fetch-verified-file.ts).
 * Every file outcome goes to the ledger as it happens, so a run killed at any instant resumes from the ledger
 * and the files on disk.
 */
import { classifyError } from '../classify-error.js';
import type { AdmittedRepo, DownloadMethodRun } from '../engine/download-method.js';
import type { EngineContext, MethodFactory } from '../engine/run-engine.js';
import type { FileInFlight } from '../events.js';
import type { FileTask, RepoRun } from '../run-types.js';
import { WorkQueue } from '../work-queue.js';
import type { FetchFileSettings } from './fetch-verified-file.js';
import { runFileTask } from './file-task.js';
import { HashPool } from './hash-pool.js';
import { planRepoFiles } from './plan-repo-files.js';
import { ConnectionBudget } from './segmented/connection-budget.js';
import type { SegmentSettings } from './segmented/fetch-segmented.js';

/** How HTTP fetches each file (the settings a run does not decide itself). */
export type HttpFetchSettings = Omit<
  FetchFileSettings,
  'client' | 'signal' | 'onBytes' | 'onRetry' | 'hashers'
>;

/** Large files in parts over several connections (segmented/). */
export interface SegmentOptions {
  /** Connections at once across the files in flight. */
  connections: number;
  /** Files of at least this many bytes go in parts. */
  thresholdBytes: number;
  /** Bytes per part; undefined: from each file's size. */
  partBytes?: number;
}

/** @param segments null: every file over one connection */
export function httpMethod(
  fetch: HttpFetchSettings,
  segments: SegmentOptions | null,
): { name: 'http'; create: MethodFactory } {
  return { name: 'http', create: (ctx) => new HttpRun(ctx, fetch, segments) };
}

class HttpRun implements DownloadMethodRun {
  readonly name = 'http';
  private readonly queue: WorkQueue<FileTask>;
  private readonly hashPool = new HashPool();
  private workers: Array<Promise<void>> = [];
  private readonly budget: ConnectionBudget;
  private readonly segments: SegmentSettings | null;

  constructor(
    private readonly ctx: EngineContext,
    private readonly fetch: HttpFetchSettings,
    segments: SegmentOptions | null,
  ) {
    const { concurrency } = ctx.settings;
    this.queue = new WorkQueue({ maxQueuedFiles: concurrency * 4, maxOpenRepos: concurrency * 2 + 2 });
    this.budget = new ConnectionBudget(segments?.connections ?? concurrency);
    this.segments = segments === null ? null : { ...segments, budget: this.budget };
  }

  start(): Promise<void> {
    const { dryRun, concurrency } = this.ctx.settings;
    this.workers = Array.from({ length: dryRun ? 0 : concurrency }, () => this.work());
    return Promise.resolve();
  }

  waitForRoom(): Promise<void> {
    return this.queue.waitForRoom();
  }

  async take(repo: AdmittedRepo): Promise<void> {
    const { settings: s, tally } = this.ctx;
    const { run, tasks } = await planRepoFiles({ ...s, signal: this.ctx.signal }, repo);
    if (s.dryRun) {
      const bytesToFetch = tasks.reduce((sum, t) => sum + t.expected.size, 0);
      const { repoId, files, bytes, commit } = run;
      return tally.planned({ repoId, commit, files, bytes, filesToFetch: tasks.length, bytesToFetch });
    }
    tally.downloading(run.repoId, run.commit, run);
    run.remaining = tasks.length;
    if (tasks.length === 0) return this.finishRepo(run, false);
    this.queue.addRepo(tasks);
  }

  async drain(): Promise<void> {
    this.queue.close();
    await Promise.all(this.workers);
  }

  close(): Promise<void> {
    this.queue.close();
    return this.hashPool.close();
  }

  private async work(): Promise<void> {
    for (;;) {
      const task = await this.queue.take();
      if (task === null) return;
      await this.process(task);
    }
  }

  private finishRepo(run: RepoRun, queued: boolean): void {
    if (queued) this.queue.repoDone();
    // An interrupted run leaves the repo `downloading`: the next run re-admits it and skips what is verified.
    if (this.ctx.signal.aborted) return;
    const stop = run.stop ?? failedWith(run);
    if (stop === null) {
      try {
        this.ctx.settings.layout.repoVerified(run.repoId, run.commit, run.revision, run.manifestFiles);
      } catch (error) {
        this.ctx.stopRun(error);
        return;
      }
    }
    this.ctx.tally.finished({ ...run, stop });
  }

  private async process(task: FileTask): Promise<void> {
    const { run } = task;
    const { meter } = this.ctx.tally;
    const entry: FileInFlight = { repoId: run.repoId, path: task.path, bytes: 0, size: task.expected.size };
    try {
      if (run.stop !== null || this.ctx.signal.aborted) return dropFromTotals(meter, task);
      meter.inFlight.add(entry);
      this.ctx.settings.emit({
        type: 'file-start',
        repoId: run.repoId,
        path: task.path,
        size: task.expected.size,
      });
      this.budget.hold();
      try {
        await this.fetchFile(task, entry);
      } finally {
        this.budget.give(1);
      }
    } catch (error) {
      meter.bytesDone -= entry.bytes;
      dropFromTotals(meter, task);
      if (!this.ctx.signal.aborted && run.stop === null) this.fileFailed(task, error);
    } finally {
      meter.inFlight.delete(entry);
      run.remaining -= 1;
      if (run.remaining === 0) this.finishRepo(run, true);
    }
  }

  private async fetchFile(task: FileTask, entry: FileInFlight): Promise<void> {
    const { run } = task;
    const { settings: s, tally } = this.ctx;
    const outcome = await runFileTask(s.layout, task, {
      ...this.fetch,
      client: s.client,
      hashers: this.hashPool.hashers,
      segments: this.segments,
      onBytes: (delta) => tally.meter.addBytes(entry, delta),
      onRetry: (retry) => s.emit({ type: 'file-retry', repoId: run.repoId, path: task.path, ...retry }),
    });
    const size = task.expected.size;
    tally.outcomes.add({ repoId: run.repoId, path: task.path, state: 'verified', bytes: size });
    run.verifiedFiles += 1;
    run.verifiedBytes += size;
    tally.summary.resolveRequests += outcome.resolveRequests;
    tally.summary.bytes.fetched += outcome.bytesFetched;
    tally.summary.bytes.reused += outcome.bytesReused;
    if (!outcome.fromDisk) tally.summary.files.fetched += 1;
    tally.meter.bytesDone += size - entry.bytes;
    entry.bytes = size;
    tally.meter.filesDone += 1;
    const { resolveRequests } = outcome;
    s.emit({
      type: 'file-done',
      repoId: run.repoId,
      path: task.path,
      size,
      state: 'verified',
      resolveRequests,
    });
  }

  /** A file ended unverified: the run stops, the repo stops (the Hub refused it), or just this file failed. */
  private fileFailed(task: FileTask, error: unknown): void {
    const { run } = task;
    const action = classifyError(error);
    if (action.action === 'stop-run') return this.ctx.stopRun(action.error);
    if (action.action === 'skip-repo' || action.action === 'fail-repo') {
      run.stop = { state: action.action === 'skip-repo' ? 'skipped' : 'failed', ...action };
      run.controller.abort();
      return;
    }
    const { reason, detail } = action;
    this.ctx.tally.outcomes.add({
      repoId: run.repoId,
      path: task.path,
      state: 'failed',
      reason: `${reason}: ${detail}`,
    });
    run.failedFiles += 1;
    run.failure ??= { reason, detail: `${task.path}: ${detail}` };
    const size = task.expected.size;
    this.ctx.settings.emit({
      type: 'file-done',
      repoId: run.repoId,
      path: task.path,
      size,
      state: 'failed',
      reason,
      resolveRequests: 0,
    });
  }
}

/** A file that ends unverified leaves the progress totals, so that done reaches total at the end. */
function dropFromTotals(meter: EngineContext['tally']['meter'], task: FileTask): void {
  meter.filesTotal -= 1;
  meter.bytesTotal -= task.expected.size;
}

function failedWith(run: RepoRun): RepoRun['stop'] {
  return run.failure === null ? null : { state: 'failed', ...run.failure };
}
