/**
 * The run's connection budget (`--connections`): every file in flight holds one connection; a large file
 * fetched in parts takes more while the budget has room, and gives them back when its parts run out. Files
 * never wait for an extra connection: they go on with what they have.
 */
export class ConnectionBudget {
  private used = 0;

  /** @param limit connections in all, across the files in flight (at least the files in flight) */
  constructor(readonly limit: number) {}

  /** Takes up to `wanted` connections; returns how many it got (0 when the budget is spent). */
  take(wanted: number): number {
    const got = Math.max(0, Math.min(wanted, this.limit - this.used));
    this.used += got;
    return got;
  }

  /** The one connection every file in flight holds (may go above the limit: files are bounded apart). */
  hold(): void {
    this.used += 1;
  }

  give(count: number): void {
    this.used = Math.max(0, this.used - count);
  }

  get inUse(): number {
    return this.used;
  }
}
