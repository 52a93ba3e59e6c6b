/**
 * How many connections a segmented file uses: it starts with a few, and doubles them while the file's
 * throughput grows (a CDN that caps each connection), stopping once `patience` samples in a row did not pay
 * (the link, the disk or the CPU is the limit then) or when the run's connection budget is spent. Pure: the caller
 * samples the bytes and the clock.
 */
export interface LaneCountSettings {
  /** Connections a file starts with. */
  initial: number;
  /** Most connections one file uses. */
  max: number;
  /** Growth a doubling must bring to be kept on (1.2: 20% more bytes per second). */
  minGain: number;
  /** Samples in a row without that growth before growing stops (one sample on a busy machine lies). */
  patience: number;
}

export const DEFAULT_LANES: LaneCountSettings = { initial: 8, max: 16, minGain: 1.2, patience: 2 };

export class LaneCount {
  private lastRate: number | null = null;
  private settled = false;
  private misses = 0;

  constructor(private readonly s: LaneCountSettings) {}

  get initial(): number {
    return Math.max(1, Math.min(this.s.initial, this.s.max));
  }

  /**
   * The connections to add after a sample of `rate` bytes per second with `lanes` connections at work, given
   * `partsLeft` parts not yet handed out: 0 once growing stopped paying.
   */
  more(rate: number, lanes: number, partsLeft: number): number {
    if (this.settled) return 0;
    if (this.lastRate !== null && rate < this.lastRate * this.s.minGain) {
      this.misses += 1;
      if (this.misses >= this.s.patience) this.settled = true;
      return 0;
    }
    this.misses = 0;
    this.lastRate = rate;
    return Math.max(0, Math.min(lanes, this.s.max - lanes, partsLeft));
  }
}
