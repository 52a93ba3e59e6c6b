/**
 * Time as the hub client sees it. Retry backoff and rate-limit pacing only ever read the time and sleep
 * through this interface, so tests can inject a fake clock and assert waits without waiting.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { AbortedError } from '../errors.js';

export interface HubClock {
  /** Milliseconds since the epoch. Wall-clock time, because `Retry-After` may be an HTTP date. */
  now(): number;
  /** Resolves after `millis`; rejects with `AbortedError` when `signal` aborts first. */
  sleep(millis: number, signal?: AbortSignal): Promise<void>;
}

/** The longest delay a Node timer holds (a longer one fires after 1 ms, with a TimeoutOverflowWarning). */
const MAX_TIMER_MILLIS = 2 ** 31 - 1;

export const systemClock: HubClock = {
  now: () => Date.now(),
  async sleep(millis, signal) {
    if (signal?.aborted) throw new AbortedError();
    if (!(millis > 0)) return; // also NaN
    try {
      // In timer-sized steps: every caller caps its waits, but a long one must still be one long wait.
      for (let left = millis; left > 0; left -= MAX_TIMER_MILLIS) {
        await delay(Math.min(left, MAX_TIMER_MILLIS), undefined, { signal });
      }
    } catch (error) {
      if (signal?.aborted) throw new AbortedError('aborted while waiting', { cause: error });
      throw error;
    }
  },
};
