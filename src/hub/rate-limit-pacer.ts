/**
 * Paces requests per rate-limit bucket from the `RateLimit` / `RateLimit-Policy` headers of the responses,
 * so that the client does not run into 429s in the first place. Safe for concurrent requests: each
 * request reserves its share (the estimate drops at `acquire`, not when the answer comes back).
 */
import type { HubClock } from './clock.js';
import type { RateLimitBucket } from './hub-client.js';
import {
  decidePacing,
  emptyBucketState,
  rollOverWindow,
  type BucketState,
  type PacingOptions,
} from './pacing-decision.js';
import { emptySharerTracking, observeSharers, ownShare, type SharerTracking } from './bucket-sharers.js';
import { isRateLimitBucket } from './rate-limit-bucket.js';
import type { RateLimitPolicy, RateLimitState } from './retry-timing.js';

/** What one response said about the rate limit, parsed once (retry-timing.ts `readServerTiming`). */
export interface RateLimitObservation {
  /** The `RateLimit` header. */
  rateLimit?: RateLimitState | null;
  /** The `RateLimit-Policy` header. */
  policy?: RateLimitPolicy | null;
  /** A `Retry-After` wait in ms that came without rate-limit headers (blocks the bucket meanwhile). */
  retryAfterMillis?: number | null;
}

/**
 * A wait the pacer will not make (longer than `maxWaitMillis`): the request fails instead. The transport
 * turns it into a RateLimitedError naming the URL.
 */
export class PacingWaitTooLong extends Error {
  constructor(
    readonly bucket: RateLimitBucket,
    readonly waitMillis: number,
    readonly maxWaitMillis: number,
  ) {
    super(
      `rate limited: the Hub asks to wait ${Math.ceil(waitMillis / 1000)} s before the next '${bucket}' request, ` +
        `longer than the ${Math.ceil(maxWaitMillis / 1000)} s we wait; run again later`,
    );
    this.name = 'PacingWaitTooLong';
  }
}

export class RateLimitPacer {
  readonly #clock: HubClock;
  readonly #options: PacingOptions;
  readonly #onWait: ((bucket: RateLimitBucket, delayMillis: number) => void) | undefined;
  readonly #states = new Map<RateLimitBucket, BucketState>();
  readonly #sharers = new Map<RateLimitBucket, SharerTracking>();
  readonly #answerWaiters = new Map<RateLimitBucket, Array<() => void>>();
  /** Buckets that had a request answered (or failed): no longer probed (`sharedQuota`). */
  readonly #answered = new Set<RateLimitBucket>();

  constructor(options: {
    clock: HubClock;
    pacing: PacingOptions;
    onWait?: (bucket: RateLimitBucket, delayMillis: number) => void;
  }) {
    this.#clock = options.clock;
    this.#options = options.pacing;
    this.#onWait = options.onWait;
  }

  /** What we currently believe about a bucket (a copy, for tests and diagnostics). */
  snapshot(bucket: RateLimitBucket): BucketState {
    return { ...this.#state(bucket) };
  }

  /**
   * Waits until a request to `bucket` may go, then counts it as sent. Pair with `release`. Rejects with
   * PacingWaitTooLong, without waiting, when the wait would be longer than `maxWaitMillis`.
   */
  async acquire(bucket: RateLimitBucket, signal?: AbortSignal): Promise<void> {
    const state = this.#state(bucket);
    // Sharing a quota, before the first answer nothing is known, not even how many others draw on it (a
    // cluster's workers all starting at once): one request finds out, the others wait for its answer.
    while (
      this.#options.enabled &&
      this.#options.sharedQuota &&
      !this.#answered.has(bucket) &&
      state.inFlight > 0
    ) {
      await this.#nextAnswer(bucket, signal);
    }
    for (;;) {
      const now = this.#clock.now();
      rollOverWindow(state, now, this.#options);
      const decision = decidePacing(state, now, this.#options);
      if (decision.kind === 'wait' && decision.untilMillis - now > this.#options.maxWaitMillis) {
        throw new PacingWaitTooLong(bucket, decision.untilMillis - now, this.#options.maxWaitMillis);
      }
      state.nextSlotAt = decision.nextSlotAt;
      if (decision.kind === 'go') break;
      if (decision.reason === 'spread') {
        // The slot is ours: count the request now so that concurrent callers see it, then go after the wait.
        this.#take(state);
        try {
          await this.#wait(bucket, decision.untilMillis - now, signal);
        } catch (error) {
          state.inFlight -= 1;
          throw error;
        }
        return;
      }
      await this.#wait(bucket, decision.untilMillis - now, signal);
    }
    this.#take(state);
  }

  /** The request to `bucket` got its answer (or failed). */
  release(bucket: RateLimitBucket): void {
    const state = this.#state(bucket);
    state.inFlight = Math.max(0, state.inFlight - 1);
    this.#answered.add(bucket);
    const waiting = this.#answerWaiters.get(bucket) ?? [];
    this.#answerWaiters.delete(bucket);
    for (const wake of waiting) wake();
  }

  /** Resolves when a request to `bucket` is answered (released); rejects when `signal` aborts. */
  #nextAnswer(bucket: RateLimitBucket, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const onAbort = (): void => reject(signal?.reason as Error);
      signal?.addEventListener('abort', onAbort, { once: true });
      const waiting = this.#answerWaiters.get(bucket) ?? [];
      waiting.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      this.#answerWaiters.set(bucket, waiting);
    });
  }

  /**
   * Learns from a response of the endpoint's origin. `bucket` is the URL's bucket; a bucket named by the
   * server in `RateLimit` wins when it is one we know.
   */
  observe(bucket: RateLimitBucket, observation: RateLimitObservation): void {
    const now = this.#clock.now();
    const rateLimit = observation.rateLimit ?? null;
    const policy = observation.policy ?? null;
    const named = rateLimit?.bucket ?? policy?.bucket;
    const state = this.#state(named !== undefined && isRateLimitBucket(named) ? named : bucket);
    if (policy !== null) {
      state.quota = policy.quota;
      state.windowMillis = policy.windowSeconds * 1000;
    }
    if (rateLimit !== null) {
      // The server's latest counter wins over our extrapolation, in the same window or a new one: a mirror
      // replaying stale headers must not make us count down to a slowdown the server never asked for, and
      // a real exhaustion (r=0) is the latest counter too. The server counted this request; requests still
      // in flight may not be counted yet.
      const othersInFlight = Math.max(0, state.inFlight - 1);
      state.resetAt = now + rateLimit.resetSeconds * 1000;
      if (this.#options.sharedQuota) {
        // What is left is shared with the other clients on the token (a cluster's workers): we take our
        // share of it, so that together we stay within the quota.
        const tracking = this.#tracking(named !== undefined && isRateLimitBucket(named) ? named : bucket);
        observeSharers(tracking, rateLimit.remaining, state.resetAt, othersInFlight);
        state.sharers = tracking.sharers;
      }
      state.remaining = Math.max(0, ownShare(rateLimit.remaining, state.sharers) - othersInFlight);
      if (policy === null && (state.quota === null || rateLimit.remaining > state.quota)) {
        state.quota = rateLimit.remaining;
      }
    }
    const retryAfter = observation.retryAfterMillis;
    if (retryAfter !== null && retryAfter !== undefined && retryAfter > 0) {
      state.blockedUntil = Math.max(state.blockedUntil, now + retryAfter);
    }
  }

  #take(state: BucketState): void {
    state.inFlight += 1;
    if (state.remaining !== null) state.remaining = Math.max(0, state.remaining - 1);
  }

  async #wait(bucket: RateLimitBucket, millis: number, signal: AbortSignal | undefined): Promise<void> {
    const delayMillis = Math.max(0, Math.ceil(millis));
    this.#onWait?.(bucket, delayMillis);
    await this.#clock.sleep(delayMillis, signal);
  }

  #tracking(bucket: RateLimitBucket): SharerTracking {
    let tracking = this.#sharers.get(bucket);
    if (tracking === undefined) {
      tracking = emptySharerTracking();
      this.#sharers.set(bucket, tracking);
    }
    return tracking;
  }

  #state(bucket: RateLimitBucket): BucketState {
    let state = this.#states.get(bucket);
    if (state === undefined) {
      state = emptyBucketState();
      this.#states.set(bucket, state);
    }
    return state;
  }
}
