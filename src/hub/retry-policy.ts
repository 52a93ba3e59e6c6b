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
  /**
   * Attempts that may end in a wait the server asked for (a 429 or 503 with `Retry-After`, or `RateLimit`
   * with `r=0`), counted apart from `limit`: waiting as told is polite, not a sign of a broken server.
   * Default 20.
   */
  rateLimitLimit?: number;
  /**
   * Network error codes that are retried (Node system codes and undici `UND_ERR_*` codes). Default
   * `DEFAULT_RETRY_ERROR_CODES`.
   */
  errorCodes?: readonly string[];
}

/** Transient network failures: resets, refusals, DNS hiccups, timeouts, bodies cut short. */
export const DEFAULT_RETRY_ERROR_CODES: readonly string[] = [
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
];

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  limit: 6,
  statusCodes: [408, 429, 500, 502, 503, 504],
  baseDelayMillis: 1000,
  maxDelayMillis: 16000,
  maxServerDelayMillis: 360000,
  jitter: 0.5,
  rateLimitLimit: 20,
  errorCodes: DEFAULT_RETRY_ERROR_CODES,
};
