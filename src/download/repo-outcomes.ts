/**
 * How a repo ends, recorded everywhere at once: the run's summary, the progress counters, the ledger (after the
 * repo's buffered file outcomes, so a repo is never verified before its files) and an event. Partial files of a
 * repo that ended verified, or that the Hub refused, are removed.
 */
import { rm } from 'node:fs/promises';
import type { Ledger } from '../catalog/ledger.js';
import type { DownloadEvent } from './events.js';
import { stagingFolder } from './layout.js';
import type { FileOutcomeBuffer } from './ledger-buffer.js';
import type { ProgressMeter } from './progress-meter.js';
import type { RepoRun } from './run-types.js';
import type { DownloadSummary } from './summary.js';

export interface RepoOutcomeDeps {
  dataDir: string;
  dryRun: boolean;
  ledger: Ledger;
  outcomes: FileOutcomeBuffer;
  summary: DownloadSummary;
  meter: ProgressMeter;
  emit: (event: DownloadEvent) => void;
}

export class RepoOutcomes {
  private readonly cleanups: Array<Promise<void>> = [];

  constructor(private readonly d: RepoOutcomeDeps) {}

  /** A repo that ended before any file was handed out (model info refused, unsafe path, filters, budget). */
  ended(repoId: string, state: 'skipped' | 'failed', reason: string, detail: string): void {
    this.count(repoId, state, reason, detail);
    if (!this.d.dryRun) {
      this.d.outcomes.flush();
      this.d.ledger.setRepoState(repoId, { state, reason, detail });
    }
    this.d.emit({ type: 'repo-state', repoId, state, reason, detail });
  }

  /** A repo whose files have all been processed (or cancelled by a repo-level answer from the Hub). */
  finished(run: RepoRun): void {
    const { summary, ledger } = this.d;
    this.d.outcomes.flush();
    summary.files.total += run.files;
    summary.files.verified += run.verifiedFiles;
    summary.files.failed += run.failedFiles;
    summary.bytes.total += run.bytes;
    summary.bytes.verified += run.verifiedBytes;
    const counts = {
      filesTotal: run.files,
      filesVerified: run.verifiedFiles,
      bytesTotal: run.bytes,
      bytesVerified: run.verifiedBytes,
    };
    const stop = run.stop ?? (run.failure === null ? null : { state: 'failed' as const, ...run.failure });
    if (stop !== null) {
      ledger.setRepoState(run.repoId, {
        state: stop.state,
        reason: stop.reason,
        detail: stop.detail,
        ...counts,
      });
      this.count(run.repoId, stop.state, stop.reason, stop.detail);
      // The Hub refused the repo: whatever partial bytes exist cannot be resumed any time soon.
      if (stop.state === 'skipped') this.removeStaging(run.repoId);
      this.d.emit({
        type: 'repo-state',
        repoId: run.repoId,
        state: stop.state,
        reason: stop.reason,
        detail: stop.detail,
      });
      return;
    }
    ledger.setRepoState(run.repoId, { state: 'verified', ...counts });
    summary.repos.verified += 1;
    this.d.meter.reposDone += 1;
    this.d.emit({
      type: 'repo-state',
      repoId: run.repoId,
      state: 'verified',
      commit: run.commit,
      files: run.files,
      bytes: run.bytes,
    });
    // Partial files of a verified repo can only be leftovers (e.g. of files a filter now drops).
    this.removeStaging(run.repoId);
  }

  /** Waits for the staging folders being removed. */
  async settle(): Promise<void> {
    await Promise.all(this.cleanups);
  }

  private count(repoId: string, state: 'skipped' | 'failed', reason: string, detail: string): void {
    const { summary } = this.d;
    (state === 'skipped' ? summary.skipped : summary.failed).push({ repoId, reason, detail });
    const byReason = state === 'skipped' ? summary.skippedByReason : summary.failedByReason;
    byReason[reason] = (byReason[reason] ?? 0) + 1;
    summary.repos[state] += 1;
    this.d.meter.reposDone += 1;
  }

  private removeStaging(repoId: string): void {
    // Best effort: a folder that cannot be removed now is removed by a later run that verifies the repo.
    this.cleanups.push(
      rm(stagingFolder(this.d.dataDir, repoId), { recursive: true, force: true }).catch(() => undefined),
    );
  }
}
