/**
 * Counts bytes and files for the progress events, and the rate over a sliding window (a whole-run average
 * would hide a stall, an instant rate would flicker).
 */
import type { FileInFlight, ProgressSnapshot } from './events.js';

/** Width of the rate window, in milliseconds. */
export const RATE_WINDOW_MILLIS = 5000;

export class ProgressMeter {
  bytesDone = 0;
  bytesTotal = 0;
  bytesFetched = 0;
  filesDone = 0;
  filesTotal = 0;
  reposDone = 0;
  reposTotal = 0;
  /** Repos the engine has admitted (their files, if any, are in the totals). */
  reposAdmitted = 0;
  totalsFinal = false;
  readonly inFlight = new Set<FileInFlight>();
  private readonly samples: Array<{ at: number; fetched: number }> = [];
  private readonly startedAt: number;

  constructor(private readonly now: () => number) {
    this.startedAt = now();
    this.samples.push({ at: this.startedAt, fetched: 0 });
  }

  /** Bytes written for a file in flight (negative when a partial file is truncated to start over). */
  addBytes(file: FileInFlight, delta: number): void {
    file.bytes += delta;
    this.bytesDone += delta;
    if (delta > 0) this.bytesFetched += delta;
  }

  snapshot(): ProgressSnapshot {
    const at = this.now();
    this.samples.push({ at, fetched: this.bytesFetched });
    while (this.samples.length > 2 && (this.samples[1] as { at: number }).at <= at - RATE_WINDOW_MILLIS) {
      this.samples.shift();
    }
    const first = this.samples[0] as { at: number; fetched: number };
    const span = at - first.at;
    return {
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      bytesFetched: this.bytesFetched,
      bytesPerSecond: span > 0 ? ((this.bytesFetched - first.fetched) * 1000) / span : 0,
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
      reposDone: this.reposDone,
      reposTotal: this.reposTotal,
      reposAdmitted: this.reposAdmitted,
      totalsFinal: this.totalsFinal,
      elapsedMillis: at - this.startedAt,
      inFlight: [...this.inFlight].map((f) => ({ ...f })),
    };
  }
}
