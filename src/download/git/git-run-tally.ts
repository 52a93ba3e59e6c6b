/**
 * What a git-mode run has done so far: the summary, the progress meter, the events, and the repo states that
 * end in the ledger (the states a clone reaches are written by the clone task itself).
 */
import type { Ledger } from '../../catalog/ledger.js';
import type { DownloadEvent, RepoPlanSummary } from '../events.js';
import { ProgressMeter } from '../progress-meter.js';
import { emptySummary, type DownloadSummary } from '../summary.js';

export class GitRunTally {
  readonly summary: DownloadSummary;
  readonly meter: ProgressMeter;

  constructor(
    reposTotal: number,
    private readonly dryRun: boolean,
    now: () => number,
    private readonly ledger: Ledger,
    private readonly emit: (event: DownloadEvent) => void,
  ) {
    this.summary = emptySummary(dryRun);
    this.summary.repos.total = reposTotal;
    this.summary.bytes.disk = 0;
    this.meter = new ProgressMeter(now);
    this.meter.reposTotal = reposTotal;
  }

  /** The repo ends skipped or failed, with the reason (recorded in the ledger unless a dry run). */
  ended(repoId: string, state: 'skipped' | 'failed', reason: string, detail: string): void {
    const s = this.summary;
    (state === 'skipped' ? s.skipped : s.failed).push({ repoId, reason, detail });
    const counts = state === 'skipped' ? s.skippedByReason : s.failedByReason;
    counts[reason] = (counts[reason] ?? 0) + 1;
    s.repos[state] += 1;
    this.meter.reposDone += 1;
    if (!this.dryRun) this.ledger.setRepoState(repoId, { state, reason, detail });
    this.emit({ type: 'repo-state', repoId, state, reason, detail });
  }

  /** The repo is verified (by this run, or by an earlier one and still in place). */
  verified(repoId: string, commit: string, files: number, bytes: number, diskBytes: number): void {
    const s = this.summary;
    s.repos.verified += 1;
    s.files.total += files;
    s.files.verified += files;
    s.bytes.total += bytes;
    s.bytes.verified += bytes;
    s.bytes.disk = (s.bytes.disk ?? 0) + diskBytes;
    this.meter.reposDone += 1;
    this.emit({ type: 'repo-state', repoId, state: 'verified', commit, files, bytes, diskBytes });
  }

  /**
   * This run made (or completed, or audited) a clone. git reports no byte counts: a fresh clone counts its
   * content as fetched; a completed or audited one counts nothing, not knowing what it fetched. `counted`:
   * bytes the clone's progress already put in the meter (clone-progress.ts), settled here.
   */
  fetched(files: number, bytes: number, resumed: boolean, counted = 0): void {
    this.meter.bytesDone += bytes - counted;
    this.meter.filesDone += files;
    if (resumed) return;
    this.summary.files.fetched += files;
    this.summary.bytes.fetched += bytes;
    this.meter.bytesFetched += bytes - counted;
  }

  /** `--dry-run`: what a real run would clone. */
  planned(plan: RepoPlanSummary): void {
    (this.summary.plan ??= []).push(plan);
    this.summary.files.total += plan.files;
    this.summary.bytes.total += plan.bytes;
    this.meter.reposDone += 1;
    this.emit({ type: 'repo-plan', plan });
  }

  progress(): void {
    this.emit({ type: 'progress', ...this.meter.snapshot() });
  }
}
