/**
 * The pure pacing rule: given what we know about one rate-limit bucket, may a request go now, or when?
 *
 * - Nothing known yet: go (the first response tells us the quota).
 * - Plenty left (more than `reserveFraction` of the quota): go; bursting costs nothing while the window
 *   has room.
 * - Little left: spread what remains evenly over the time to the reset, one request per slot, so that
 *   concurrent requests do not all land just before the window closes.
 * - Nothing left (`r=0`), or the server said `Retry-After`: wait for the reset plus a margin.
 */

export interface PacingOptions {
  /** Turn pacing off entirely (retries still honour the server). Default true. */
  enabled: boolean;
  /**
   * Share of the quota (0..1) below which the remaining requests are spread over the time to the reset
   * instead of sent at once. Default 0.25.
   */
  reserveFraction: number;
  /** Added to every reset time, because `t` is whole seconds, in milliseconds. Default 1000. */
  resetMarginMillis: number;
  /**
   * The longest wait the pacer accepts before a request, in milliseconds. A longer one (a server saying
   * `r=0;t=100000`, or `Retry-After: 100000`) is not waited: the request fails at once with a
   * RateLimitedError, as the retry path does past `maxServerDelayMillis`. Default 360000 (the retry
   * policy's `maxServerDelayMillis` when the client builds the pacer).
   */
  maxWaitMillis: number;
  /**
   * Other clients draw on the same quota (a cluster's workers with one token, bucket-sharers.ts): until the
   * first answer of a bucket says what is left, one request goes and the others wait for it, so that many
   * clients starting at once do not all burst into a quota they know nothing of. Default false.
   */
  sharedQuota: boolean;
}

export const DEFAULT_PACING_OPTIONS: PacingOptions = {
  enabled: true,
  sharedQuota: false,
  reserveFraction: 0.25,
  resetMarginMillis: 1000,
  maxWaitMillis: 360_000,
};

export interface BucketState {
  /** Our estimate of the requests left in the window (server's last `r` minus what we sent since); null: unknown. */
  remaining: number | null;
  /** When the window resets (epoch ms, from the last `t`), without margin; null: unknown. */
  resetAt: number | null;
  /** Requests per window (`q` of `RateLimit-Policy`, else the largest `r` seen); null: unknown. */
  quota: number | null;
  /** Window length (`w`), in ms; null: unknown. */
  windowMillis: number | null;
  /** Earliest time the next spread-out request may go (epoch ms). */
  nextSlotAt: number;
  /** No request before this time (epoch ms): a `Retry-After` without rate-limit headers. */
  blockedUntil: number;
  /** Requests sent and not yet answered. */
  inFlight: number;
  /** Clients drawing on this bucket, us included (bucket-sharers.ts); 1 when alone. */
  sharers: number;
}

export function emptyBucketState(): BucketState {
  return {
    remaining: null,
    resetAt: null,
    quota: null,
    windowMillis: null,
    nextSlotAt: 0,
    blockedUntil: 0,
    inFlight: 0,
    sharers: 1,
  };
}

export type PacingDecision =
  /** Send now; `nextSlotAt` is the state's new next slot. */
  | { kind: 'go'; nextSlotAt: number }
  /** Wait until `untilMillis`. A `spread` wait reserves its slot (send after it without deciding again). */
  | { kind: 'wait'; reason: 'reset' | 'spread'; untilMillis: number; nextSlotAt: number };

export function decidePacing(state: BucketState, now: number, options: PacingOptions): PacingDecision {
  const keep = state.nextSlotAt;
  if (!options.enabled) return { kind: 'go', nextSlotAt: keep };
  if (now < state.blockedUntil) {
    return { kind: 'wait', reason: 'reset', untilMillis: state.blockedUntil, nextSlotAt: keep };
  }
  if (state.remaining === null || state.resetAt === null) return { kind: 'go', nextSlotAt: keep };
  const resetWithMargin = state.resetAt + options.resetMarginMillis;
  // A window that has ended should have been rolled over by the caller; never block on stale data.
  if (now >= resetWithMargin) return { kind: 'go', nextSlotAt: keep };
  if (state.remaining <= 0) {
    return { kind: 'wait', reason: 'reset', untilMillis: resetWithMargin, nextSlotAt: keep };
  }
  // `remaining` is our share already; so is the reserve (the quota split between the clients sharing it)
  const reserve = Math.ceil(
    options.reserveFraction *
      (state.quota === null ? state.remaining : state.quota / Math.max(1, state.sharers)),
  );
  if (state.remaining > reserve) return { kind: 'go', nextSlotAt: keep };
  const slot = Math.max(now, state.nextSlotAt);
  // Measured from the slot, not from now: later slots share only the time left after them.
  const interval = Math.max(0, resetWithMargin - slot) / state.remaining;
  if (slot <= now) return { kind: 'go', nextSlotAt: now + interval };
  return { kind: 'wait', reason: 'spread', untilMillis: slot, nextSlotAt: slot + interval };
}

/**
 * A window that ended starts afresh: full quota when we know it (with the next reset one window later),
 * otherwise unknown until the next response says.
 */
export function rollOverWindow(state: BucketState, now: number, options: PacingOptions): void {
  if (state.resetAt === null || now < state.resetAt + options.resetMarginMillis) return;
  if (state.quota !== null && state.windowMillis !== null && state.windowMillis > 0) {
    // Arithmetic, not a loop: a tiny window (w=0.0000001) must not spin synchronously.
    const behind = now - (state.resetAt + options.resetMarginMillis);
    state.resetAt += (Math.floor(behind / state.windowMillis) + 1) * state.windowMillis;
    // a new window holds our share of the quota: the others sharing it start afresh too
    state.remaining = Math.max(0, Math.floor(state.quota / Math.max(1, state.sharers)) - state.inFlight);
  } else {
    state.resetAt = null;
    state.remaining = null;
  }
  state.nextSlotAt = 0;
}
