/**
 * The retry loop: runs an attempt, and when it fails in a way the policy retries, waits as
 * `computeRetryDelay` says (never less than the server asked) and runs it again.
 */
import { AbortedError, type HubError } from '../errors.js';
import type { HubClock } from './clock.js';
import { computeRetryDelay } from './retry-delay.js';
import type { RetryPolicy } from './retry-policy.js';

/** Thrown by an attempt that may be retried; carries the typed error to surface when retries run out. */
export class RetryableFailure extends Error {
  constructor(
    readonly error: HubError,
    /** The wait the server asked for, in ms, or null. */
    readonly serverDelayMillis: number | null,
    /** Short reason for events: `HTTP 503`, `ECONNRESET`, ... */
    readonly reason: string,
  ) {
    super(error.message);
    this.name = 'RetryableFailure';
  }
}

export interface RetryContext {
  policy: RetryPolicy;
  clock: HubClock;
  /** Uniform random in [0, 1), for jitter. */
  random: () => number;
  signal?: AbortSignal;
  /** Called before each wait. */
  onRetry?: (attempt: number, delayMillis: number, reason: string) => void;
}

export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  context: RetryContext,
): Promise<T> {
  let failures = 0;
  let pacedFailures = 0;
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!(error instanceof RetryableFailure)) throw error;
      if (context.signal?.aborted) throw new AbortedError('aborted', { cause: error.error });
      if (error.serverDelayMillis !== null) pacedFailures += 1;
      else failures += 1;
      const delay = computeRetryDelay({
        policy: context.policy,
        failures,
        pacedFailures,
        serverDelayMillis: error.serverDelayMillis,
        random: context.random(),
      });
      if (delay === null) throw finalError(error.error, attemptNumber);
      context.onRetry?.(attemptNumber, delay, error.reason);
      await context.clock.sleep(delay, context.signal);
    }
  }
}

function finalError(error: HubError, attempts: number): HubError {
  if (attempts > 1) error.message += ` (gave up after ${attempts} attempts)`;
  return error;
}
