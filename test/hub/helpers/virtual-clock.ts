/**
 * A virtual clock for deterministic tests of retry and pacing code: `sleep` never waits for real. Time
 * moves only when the test says (`advance`) or, in `auto` mode, to the next pending timer whenever every
 * sleeper is idle (`runUntilIdle`), or immediately on each sleep (`instant`, for code talking to a real
 * server where only the requested delays matter).
 */
import { AbortedError } from '../../../src/errors.js';
import type { HubClock } from '../../../src/hub/clock.js';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

export class VirtualClock implements HubClock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];
  readonly #instant: boolean;
  /** Every sleep requested, in order, in ms. */
  readonly sleeps: number[] = [];

  constructor(options: { start?: number; instant?: boolean } = {}) {
    this.#now = options.start ?? Date.parse('2026-10-01T12:00:00.000Z');
    this.#instant = options.instant ?? false;
  }

  now(): number {
    return this.#now;
  }

  sleep(millis: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new AbortedError());
    this.sleeps.push(millis);
    if (this.#instant) {
      this.#now += Math.max(0, millis);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const timer: Timer = { at: this.#now + Math.max(0, millis), seq: this.#seq++, resolve };
      this.#timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.#timers = this.#timers.filter((t) => t !== timer);
          reject(new AbortedError());
        },
        { once: true },
      );
    });
  }

  /** Moves time forward by `millis` at once, firing nothing (for servers that simulate their service time). */
  tick(millis: number): void {
    this.#now += millis;
  }

  /** Moves time forward by `millis`, firing due timers in order. */
  async advance(millis: number): Promise<void> {
    const target = this.#now + millis;
    for (;;) {
      await flush();
      const next = this.#earliest();
      if (next === undefined || next.at > target) break;
      this.#fire(next);
    }
    this.#now = target;
    await flush();
  }

  /** Fires timers in time order until nothing sleeps any more (the promises settle meanwhile). */
  async runUntilIdle(maxTimers = 100000): Promise<void> {
    for (let i = 0; i < maxTimers; i++) {
      await flush();
      const next = this.#earliest();
      if (next === undefined) return;
      this.#fire(next);
    }
    throw new Error('VirtualClock: too many timers');
  }

  get pending(): number {
    return this.#timers.length;
  }

  #earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.#timers)
      if (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    return best;
  }

  #fire(timer: Timer): void {
    this.#timers = this.#timers.filter((t) => t !== timer);
    this.#now = Math.max(this.#now, timer.at);
    timer.resolve();
  }
}

/** Lets every pending promise callback run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
