/**
 * How many clients share a rate-limit bucket with us, estimated from the server's counter alone. The Hub
 * counts per token: several machines with one token (a cluster run) draw on one quota, and each answer's
 * `RateLimit: r=` says what is left for all of them. Within one window, the server's count fell by
 * `top - r` while we had `answered + inFlight` requests counted at most; the ratio is how many of us there
 * are. A lone client never gets above 1 (the server cannot count more than it sent), so its pacing is what
 * it was. No message passes between the clients: the server's answers are the only shared state.
 */

export interface SharerTracking {
  /** The server's reset time of the window being measured (epoch ms); null before the first answer. */
  resetAt: number | null;
  /** The highest `remaining` seen in the window: the counter right after our earliest counted request. */
  top: number;
  /** The lowest `remaining` seen in the window. */
  low: number;
  /** Our answers in the window to requests counted after the one `top` came with. */
  answered: number;
  /** The estimate: 1 alone, about k with k - 1 others at the same pace. */
  sharers: number;
  /** The estimate the last window ended with: it stands until this window has enough answers to say. */
  previous: number;
  /**
   * The counter and our answers so far at the window's first quiet answer (none of ours left in flight):
   * from there on every request of ours is counted by the next quiet answer, so the ratio is exact, where
   * `top`'s must allow for requests in flight. Null before such an answer.
   */
  quiet: { remaining: number; answered: number; sharers: number } | null;
}

/**
 * Answers of our own in a window before its estimate alone decides: before that the window's first answers
 * (few, with many requests in flight) may say less than the last window did, and the larger of the two stands.
 */
const SETTLED_ANSWERS = 8;
/** Two reset times this close (epoch ms) are one window (`t` is whole seconds). */
const SAME_WINDOW_MILLIS = 1500;

export function emptySharerTracking(): SharerTracking {
  return { resetAt: null, top: 0, low: 0, answered: 0, sharers: 1, previous: 1, quiet: null };
}

/**
 * Learns from one answer: `remaining` and `resetAt` from its `RateLimit` header, `inFlight` our other
 * requests not answered yet.
 */
export function observeSharers(
  t: SharerTracking,
  remaining: number,
  resetAt: number,
  inFlight: number,
): void {
  if (t.resetAt === null || Math.abs(resetAt - t.resetAt) > SAME_WINDOW_MILLIS) {
    t.resetAt = resetAt;
    t.previous = t.sharers;
    t.top = remaining;
    t.low = remaining;
    t.answered = 0;
    t.quiet = inFlight === 0 ? { remaining, answered: 0, sharers: 1 } : null;
    return;
  }
  // An answer to a request counted before the reference one (answers overtake each other): it becomes the
  // reference, and the old reference is one more request counted after it.
  t.answered += 1;
  t.top = Math.max(t.top, remaining);
  t.low = Math.min(t.low, remaining);
  // Every request counted after the reference is one of ours answered since, or still in flight, or another
  // client's: alone, `consumed` can never exceed `answered + inFlight`.
  const consumed = t.top - t.low;
  if (inFlight === 0) {
    if (t.quiet === null) t.quiet = { remaining, answered: t.answered, sharers: 1 };
    else if (t.answered > t.quiet.answered) {
      // between two quiet answers, each of our requests was counted once: alone this is exactly one
      t.quiet.sharers = (t.quiet.remaining - remaining) / (t.answered - t.quiet.answered);
    }
  }
  const estimate = Math.max(1, consumed / (t.answered + inFlight), t.quiet?.sharers ?? 1);
  t.sharers = t.answered >= SETTLED_ANSWERS ? estimate : Math.max(estimate, t.previous);
}

/** Our share of `count` requests when `sharers` clients draw on them. */
export function ownShare(count: number, sharers: number): number {
  return Math.floor(count / Math.max(1, sharers));
}
