/**
 * Pauses between local tries (a stalled file body, a git clone or LFS fetch that failed transiently) come
 * from the hub client's retry policy and its pure delay function, like every request's retries: one backoff
 * for everything that retries. Local tries have no server to ask for a wait and no jitter (one repo's tries
 * do not stampede anyone).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { AbortedError } from '../errors.js';
import { computeRetryDelay } from '../hub/retry-delay.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../hub/retry-policy.js';

/** Longest pause between local tries, in milliseconds. */
export const LOCAL_MAX_DELAY_MILLIS = 30_000;

/**
 * @param limit tries in all, the first included
 * @param baseDelayMillis the first pause, in milliseconds; it doubles per try, up to 30 s
 */
export function localRetryPolicy(limit: number, baseDelayMillis: number): RetryPolicy {
  return {
    ...DEFAULT_RETRY_POLICY,
    limit,
    baseDelayMillis,
    maxDelayMillis: LOCAL_MAX_DELAY_MILLIS,
    jitter: 0,
  };
}

/** The pause after `failures` failed tries, or null when the policy gives up. */
export function backoffMillis(policy: RetryPolicy, failures: number): number | null {
  return computeRetryDelay({ policy, failures, pacedFailures: 0, serverDelayMillis: null, random: 0 });
}

export interface LocalRetry {
  policy: RetryPolicy;
  sleep: (millis: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

/** Runs `step` until it succeeds, fails in a way `retryable` refuses, or the policy gives up. */
export async function withLocalRetries<T>(
  step: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  r: LocalRetry,
): Promise<T> {
  for (let failures = 1; ; failures++) {
    try {
      return await step();
    } catch (error) {
      const pause = retryable(error) ? backoffMillis(r.policy, failures) : null;
      if (pause === null) throw error;
      await r.sleep(pause, r.signal);
    }
  }
}

/** The pause between local tries; rejects with AbortedError when `signal` aborts. */
export function abortableSleep(millis: number, signal?: AbortSignal): Promise<void> {
  return delay(millis, undefined, { signal }).catch(() => {
    throw new AbortedError('download aborted');
  });
}
