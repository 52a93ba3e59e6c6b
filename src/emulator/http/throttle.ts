/**
 * Bandwidth caps for the emulated CDN: a token bucket per response (a CDN that caps each connection) and one
 * shared by every response (the link). `take` resolves when `bytes` may go out; a little burst (50 ms worth)
 * keeps timer granularity from costing throughput.
 */
const BURST_MILLIS = 50;

export class Throttle {
  /** When the bytes sent so far are paid for, in milliseconds on `now`'s clock. */
  private paidUntil: number;

  /** @param bytesPerSecond the cap */
  constructor(
    private readonly bytesPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.paidUntil = now();
  }

  async take(bytes: number): Promise<void> {
    const at = this.now();
    this.paidUntil = Math.max(this.paidUntil, at - BURST_MILLIS) + (bytes * 1000) / this.bytesPerSecond;
    const wait = this.paidUntil - at - BURST_MILLIS;
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Paces one response's body through its own cap and the shared one (either may be absent). */
export function pacer(
  perConnection: number | undefined,
  link: Throttle | null,
): ((bytes: number) => Promise<void>) | null {
  const own = perConnection === undefined ? null : new Throttle(perConnection);
  if (own === null && link === null) return null;
  return async (bytes) => {
    await own?.take(bytes);
    await link?.take(bytes);
  };
}
