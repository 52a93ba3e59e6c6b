/**
 * Retry policy as plain data. The pure delay computation lives in retry-delay.ts (owned by the hub client).
 */
export interface RetryPolicy {
  /** Total attempts including the first. Default 6. */
  limit: number;
  /** Statuses that are retried. */
  statusCodes: readonly number[];
  /** First backoff delay in milliseconds; doubles each attempt. Default 1000. */
  baseDelayMillis: number;
  /** Cap on the exponential backoff in milliseconds (not on server-requested waits). Default 16000. */
  maxDelayMillis: number;
  /** Cap on how long we will honour a server's Retry-After / RateLimit reset, in milliseconds. Default 360000. */
  maxServerDelayMillis: number;
  /** Full jitter fraction 0..1 applied to the backoff delay. Default 0.5. */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  limit: 6,
  statusCodes: [408, 429, 500, 502, 503, 504],
  baseDelayMillis: 1000,
  maxDelayMillis: 16000,
  maxServerDelayMillis: 360000,
  jitter: 0.5,
};
