/**
 * Deadlines for one response body: a minimum transfer speed over a sliding window and an overall deadline
 * per request, so that a server dripping a byte every 20 s cannot hold a listing page or a file forever
 * (undici's own `bodyTimeout` only bounds the gap between two chunks).
 *
 * The guard is a pass-through stream between undici's body and the reader. When a limit is crossed it
 * destroys the body with a TransferDeadlineError, which the retry path treats as a transient network
 * failure (an API request is retried; a file body is resumed with `Range` by the download).
 */
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { NetworkError } from '../errors.js';
import { RetryableFailure } from './with-retries.js';

export interface TransferLimits {
  /** Overall deadline of one request, from sending it to its last byte, in milliseconds. */
  deadlineMillis: number;
  /** Minimum average speed over `speedWindowMillis`, in bytes per second; 0 turns the check off. */
  minBytesPerSecond: number;
  /** Window the minimum speed is measured over, in milliseconds. */
  speedWindowMillis: number;
}

/** Limits for API answers (JSON) and for file bodies. See HubClientOptions.transfer. */
export interface TransferSettings {
  /** JSON answers: default deadline 300000 ms (5 min), at least 1000 B/s over 60000 ms. */
  api: TransferLimits;
  /** File bodies: default deadline 3600000 ms (1 h, then the download resumes), at least 1000 B/s over 60000 ms. */
  file: TransferLimits;
}

/** Same speed floor as git mode's `http.lowSpeedLimit` / `http.lowSpeedTime` (1000 B/s over 60 s). */
export const DEFAULT_TRANSFER_SETTINGS: TransferSettings = {
  api: { deadlineMillis: 300_000, minBytesPerSecond: 1000, speedWindowMillis: 60_000 },
  file: { deadlineMillis: 3_600_000, minBytesPerSecond: 1000, speedWindowMillis: 60_000 },
};

/** A body crossed a deadline or fell under the minimum speed: retried like a reset connection. */
export class TransferDeadlineError extends NetworkError {}

/**
 * `body` behind a guard enforcing `limits`; `startedAt` (epoch ms) is when the request was sent. Destroying
 * the returned stream destroys `body` too (the connection is let go).
 */
export function guardTransfer(
  body: Readable,
  limits: TransferLimits,
  startedAt: number,
  url: string,
): Readable {
  let windowBytes = 0;
  let timers: NodeJS.Timeout[] = [];
  const stop = () => {
    for (const timer of timers) clearTimeout(timer);
    timers = [];
  };
  const guard = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      windowBytes += chunk.length;
      callback(null, chunk);
    },
  });
  const fail = (why: string) => {
    stop();
    const error = new TransferDeadlineError(`${why} (${url})`, { url });
    guard.destroy(new RetryableFailure(error, null, why));
  };
  const remaining = startedAt + limits.deadlineMillis - Date.now();
  timers.push(
    setTimeout(
      () => fail(`no complete answer within the ${duration(limits.deadlineMillis)} deadline`),
      Math.max(0, Math.min(remaining, 2 ** 31 - 1)),
    ),
  );
  if (limits.minBytesPerSecond > 0 && limits.speedWindowMillis > 0) {
    const floor = (limits.minBytesPerSecond * limits.speedWindowMillis) / 1000;
    const interval = setInterval(() => {
      if (windowBytes < floor) {
        fail(
          `transfer slower than ${limits.minBytesPerSecond} B/s over ${duration(limits.speedWindowMillis)}`,
        );
      }
      windowBytes = 0;
    }, limits.speedWindowMillis);
    timers.push(interval);
  }
  for (const timer of timers) timer.unref();
  guard.once('close', stop);
  guard.once('end', stop);
  pipeline(body, guard, () => stop());
  return guard;
}

function duration(millis: number): string {
  return millis < 1000 ? `${millis} ms` : `${Math.round(millis / 1000)} s`;
}
