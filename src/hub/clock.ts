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

export const systemClock: HubClock = {
  now: () => Date.now(),
  async sleep(millis, signal) {
    if (signal?.aborted) throw new AbortedError();
    if (millis <= 0) return;
    try {
      await delay(millis, undefined, { signal });
    } catch (error) {
      if (signal?.aborted) throw new AbortedError('aborted while waiting', { cause: error });
      throw error;
    }
  },
};
