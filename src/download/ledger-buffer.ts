/**
 * File outcomes go to the ledger in batches: one transaction per ~100 ms instead of one (with its locking and
 * WAL writes) per file. A run killed before a flush loses those rows only; their files are already at their
 * final paths, so the next run re-hashes them from disk (no request) instead of trusting or fetching them.
 * Repo-level writes flush first, so that a repo is never recorded verified before its files are.
 */
import type { FileOutcome, Ledger } from '../catalog/ledger.js';

export class FileOutcomeBuffer {
  private pending: FileOutcome[] = [];
  private timer: NodeJS.Timeout | null = null;

  /**
   * @param flushMillis longest a recorded outcome waits for its commit, in milliseconds
   * @param maxRows outcomes that trigger a commit at once
   */
  constructor(
    private readonly ledger: Ledger,
    private readonly flushMillis = 100,
    private readonly maxRows = 1000,
  ) {}

  add(outcome: FileOutcome): void {
    this.pending.push(outcome);
    if (this.pending.length >= this.maxRows) this.flush();
    else if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), this.flushMillis);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.ledger.fileOutcomes(batch);
  }
}
