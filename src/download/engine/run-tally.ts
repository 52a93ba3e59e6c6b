/**
 * What a download run has done so far, recorded everywhere at once: the summary, the progress meter, the
 * ledger (after the buffered file outcomes, so a repo is never verified before its files) and an event. Both
 * methods end every repo through here; partial files of a repo that ended verified, or that the Hub refused,
 * are removed.
 */
import type { DownloadMethod as MethodName, Ledger } from '../../catalog/ledger.js';
import type { DownloadEvent, RepoPlanSummary } from '../events.js';
import { reposRoot, stagingSegments } from '../layout.js';
import { removeInside } from '../real-dirs.js';
import { FileOutcomeBuffer } from '../ledger-buffer.js';
import { ProgressMeter } from '../progress-meter.js';
import { emptySummary, type DownloadSummary } from '../summary.js';

export interface TallyDeps {
  dataDir: string;
  method: MethodName;
  reposTotal: number;
  dryRun: boolean;
  ledger: Ledger;
  /** The client's identity (hub/client-identity.ts), recorded with every skip the Hub gave. */
  identity: string;
  now: () => number;
  emit: (event: DownloadEvent) => void;
}

/** A repo this run worked on, when it ends. */
export interface RepoResult {
  repoId: string;
  commit: string;
  /** Files selected by the filters, and their bytes. */
  files: number;
  bytes: number;
  verifiedFiles: number;
  verifiedBytes: number;
  failedFiles: number;
  /** Git mode: bytes the repo folder takes on disk (hard links counted once). */
  diskBytes?: number;
  /** Why the repo did not end verified; null when it did. */
  stop: { state: 'skipped' | 'failed'; reason: string; detail: string } | null;
}

export class RunTally {
  readonly summary: DownloadSummary;
  readonly meter: ProgressMeter;
  /** File outcomes on their way to the ledger (ledger-buffer.ts). */
  readonly outcomes: FileOutcomeBuffer;
  private readonly cleanups: Array<Promise<void>> = [];
  /** Dry run: repos the listing says are gated, planned with a token that may lack access. */
  private readonly gated = new Set<string>();

  constructor(private readonly d: TallyDeps) {
    this.summary = emptySummary(d.dryRun);
    this.summary.repos.total = d.reposTotal;
    if (d.method === 'git') this.summary.bytes.disk = 0;
    this.meter = new ProgressMeter(d.now);
    this.meter.reposTotal = d.reposTotal;
    this.outcomes = new FileOutcomeBuffer(d.ledger);
  }

  /**
   * A repo that ended before any of its files was fetched (model info refused, unsafe path, filters, budget),
   * or whose fetch the Hub refused as a whole. `refused`: the Hub said no (gated, not found, disabled), so
   * partial bytes cannot be resumed any time soon and go.
   */
  ended(repoId: string, state: 'skipped' | 'failed', reason: string, detail: string, refused = false): void {
    this.count(repoId, state, reason, detail);
    if (!this.d.dryRun) {
      this.outcomes.flush();
      const askedAs = refused ? this.d.identity : undefined;
      this.d.ledger.setRepoState(repoId, { state, reason, detail, askedAs });
    }
    if (refused) this.removeStaging(repoId);
    this.d.emit({ type: 'repo-state', repoId, state, reason, detail });
  }

  /**
   * A skip the Hub gave in an earlier run stands (nothing changed since): counted, and the ledger keeps it.
   * Partial bytes a killed run left for it go, as they do when the Hub refuses a repo.
   */
  kept(repoId: string, reason: string, detail: string): void {
    this.count(repoId, 'skipped', reason, detail);
    if (!this.d.dryRun) this.removeStaging(repoId);
    this.d.emit({ type: 'repo-state', repoId, state: 'skipped', reason, detail });
  }

  /** `--dry-run`: the listing says this repo is gated; its plan says so (see `planned`). */
  markGated(repoId: string): void {
    this.gated.add(repoId);
  }

  /** `--dry-run`: what a real run would fetch of one repo. */
  planned(summary: RepoPlanSummary): void {
    const plan = this.gated.has(summary.repoId) ? { ...summary, gated: true as const } : summary;
    if (plan.gated === true) {
      const gated = (this.summary.gatedInPlan ??= { repos: 0, bytes: 0 });
      gated.repos += 1;
      gated.bytes += plan.bytes;
    }
    (this.summary.plan ??= []).push(plan);
    this.summary.files.total += plan.files;
    this.summary.bytes.total += plan.bytes;
    this.meter.reposDone += 1;
    this.d.emit({ type: 'repo-plan', plan });
  }

  /** Work on a repo starts: pinned, `downloading`, and in the progress totals. */
  downloading(repoId: string, commit: string, counts: Omit<RepoResult, 'repoId' | 'commit' | 'stop'>): void {
    const { ledger } = this.d;
    this.outcomes.flush();
    ledger.startRepo(repoId, { commit, method: this.d.method });
    ledger.setRepoState(repoId, {
      state: 'downloading',
      filesTotal: counts.files,
      filesVerified: counts.verifiedFiles,
      bytesTotal: counts.bytes,
      bytesVerified: counts.verifiedBytes,
    });
    const { files, bytes } = counts;
    this.d.emit({ type: 'repo-state', repoId, state: 'downloading', commit, files, bytes });
    this.meter.filesTotal += files;
    this.meter.filesDone += counts.verifiedFiles;
    this.meter.bytesTotal += bytes;
    this.meter.bytesDone += counts.verifiedBytes;
  }

  /**
   * A repo this run worked on ended (verified, or stopped by a file's failure or the Hub's answer). `record`:
   * false when an earlier run's verified state still stands and the ledger needs no write.
   */
  finished(r: RepoResult, record = true): void {
    const { summary } = this;
    this.outcomes.flush();
    summary.files.total += r.files;
    summary.files.verified += r.verifiedFiles;
    summary.files.failed += r.failedFiles;
    summary.bytes.total += r.bytes;
    summary.bytes.verified += r.verifiedBytes;
    if (r.diskBytes !== undefined) summary.bytes.disk = (summary.bytes.disk ?? 0) + r.diskBytes;
    const counts = {
      filesTotal: r.files,
      filesVerified: r.verifiedFiles,
      bytesTotal: r.bytes,
      bytesVerified: r.verifiedBytes,
      ...(r.diskBytes === undefined ? {} : { diskBytes: r.diskBytes }),
    };
    if (r.stop !== null) {
      const { state, reason, detail } = r.stop;
      const askedAs = state === 'skipped' ? this.d.identity : undefined;
      this.d.ledger.setRepoState(r.repoId, { state, reason, detail, askedAs, ...counts });
      this.count(r.repoId, state, reason, detail);
      if (state === 'skipped') this.removeStaging(r.repoId);
      this.d.emit({ type: 'repo-state', repoId: r.repoId, state, reason, detail });
      return;
    }
    if (record) this.d.ledger.setRepoState(r.repoId, { state: 'verified', ...counts });
    summary.repos.verified += 1;
    this.meter.reposDone += 1;
    this.d.emit({
      type: 'repo-state',
      repoId: r.repoId,
      state: 'verified',
      commit: r.commit,
      files: r.files,
      bytes: r.bytes,
      ...(r.diskBytes === undefined ? {} : { diskBytes: r.diskBytes }),
    });
    // Partial files of a verified repo can only be leftovers (of files a filter now drops, or an HTTP run).
    this.removeStaging(r.repoId);
  }

  /** Bytes and files this run received for a repo fetched whole (git: a clone reports no per-file counts). */
  fetched(files: number, bytes: number): void {
    this.summary.files.fetched += files;
    this.summary.bytes.fetched += bytes;
  }

  progress(): void {
    this.d.emit({ type: 'progress', ...this.meter.snapshot() });
  }

  /** Waits for the staging folders being removed. */
  async settle(): Promise<void> {
    await Promise.all(this.cleanups);
  }

  private count(repoId: string, state: 'skipped' | 'failed', reason: string, detail: string): void {
    const { summary } = this;
    (state === 'skipped' ? summary.skipped : summary.failed).push({ repoId, reason, detail });
    const byReason = state === 'skipped' ? summary.skippedByReason : summary.failedByReason;
    byReason[reason] = (byReason[reason] ?? 0) + 1;
    summary.repos[state] += 1;
    this.meter.reposDone += 1;
  }

  private removeStaging(repoId: string): void {
    // Best effort: a folder that cannot be removed now is removed by a later run that verifies the repo.
    const removal = Promise.resolve()
      .then(() => removeInside(reposRoot(this.d.dataDir), stagingSegments(repoId), { recursive: true }))
      .catch(() => undefined);
    this.cleanups.push(removal);
  }
}
