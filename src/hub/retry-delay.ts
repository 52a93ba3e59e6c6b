/**
 * The pure retry decision: how long to wait before the next attempt, or null to give up. No I/O, no clock,
 * no randomness of its own (the caller passes a uniform random number), so it is table-tested.
 */
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';

export interface RetryDelayInput {
  policy: RetryPolicy;
  /**
   * Failed attempts so far, this one included, that the server did not pace (network errors, 5xx and 408
   * without `Retry-After`, 429 without any hint). Compared with `policy.limit`.
   */
  failures: number;
  /**
   * Failed attempts so far, this one included, for which the server said how long to wait. Compared with
   * `policy.rateLimitLimit`.
   */
  pacedFailures: number;
  /** The wait the server asked for, in milliseconds (`Retry-After`, `RateLimit` reset); null when it said nothing. */
  serverDelayMillis: number | null;
  /** A uniform random number in [0, 1) for the jitter. */
  random: number;
}

/** Milliseconds to wait before the next attempt, or null when the policy says to give up. */
export function computeRetryDelay(input: RetryDelayInput): number | null {
  const { policy, failures, pacedFailures, serverDelayMillis } = input;
  const random = Math.min(Math.max(input.random, 0), 1);
  if (failures + pacedFailures < 1) throw new RangeError('computeRetryDelay: no failure to retry');

  if (serverDelayMillis !== null) {
    const pacedLimit = policy.rateLimitLimit ?? DEFAULT_RETRY_POLICY.rateLimitLimit ?? policy.limit;
    if (pacedFailures >= pacedLimit) return null;
    // Never retry sooner than the server asked. Waiting longer than we are willing to is giving up: the
    // caller gets a RateLimitedError carrying the server's wait and decides.
    if (serverDelayMillis > policy.maxServerDelayMillis) return null;
    // A little spread after the reset so that concurrent requests told the same time do not stampede.
    const spread = Math.floor(random * policy.jitter * Math.min(policy.baseDelayMillis, 1000));
    return Math.max(0, Math.ceil(serverDelayMillis)) + spread;
  }

  if (failures >= policy.limit) return null;
  const exponent = Math.max(0, failures - 1);
  // 2 ** exponent overflows to Infinity for silly inputs; min() keeps it at the cap.
  const backoff = Math.min(policy.maxDelayMillis, policy.baseDelayMillis * 2 ** exponent);
  return Math.round(backoff * (1 - policy.jitter * random));
}
