/**
 * Everything the server says about when to come back, parsed in one place: `Retry-After` (seconds or an
 * HTTP date) and the Hub's IETF-draft rate-limit headers:
 *
 *   RateLimit: "api";r=499;t=295
 *   RateLimit-Policy: "fixed window";"api";q=500;w=300
 */

export interface RateLimitState {
  /** The bucket the server named (`api`, `resolvers`, `pages`, or something new). */
  bucket: string;
  /** Requests left in the current window. */
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export interface RateLimitPolicy {
  bucket: string;
  /** Requests allowed per window. */
  quota: number;
  /** Window length in seconds. */
  windowSeconds: number;
}

/** Margin added to a `RateLimit` reset: `t` is whole seconds, so the window may end up to 1 s later. */
export const RATE_LIMIT_RESET_MARGIN_MILLIS = 1000;

/**
 * `Retry-After` in milliseconds from `nowMillis`: delta-seconds or an HTTP date (a date in the past is 0).
 * Null when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined | null, nowMillis: number): number | null {
  if (value === undefined || value === null) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const millis = Math.ceil(Number(text) * 1000);
    // 400 digits parse to Infinity: a number no timer can hold is no number at all.
    return Number.isFinite(millis) ? millis : null;
  }
  // Only accept something that looks like a date: Date.parse also accepts bare numbers and other oddities.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMillis);
}

/** One structured-field list member: its quoted/bare names and its `key=value` parameters. */
interface Member {
  names: string[];
  params: Map<string, string>;
}

/** Splits `"a";"b";k=v;k2="x"` (the first member of a comma list) into names and params. Quote-aware. */
function parseFirstMember(value: string): Member {
  const names: string[] = [];
  const params = new Map<string, string>();
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === ',') break;
    if (!quoted && ch === ';') {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  for (const raw of parts) {
    const part = raw.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq > 0 && !part.startsWith('"')) {
      params.set(part.slice(0, eq).trim().toLowerCase(), unquote(part.slice(eq + 1).trim()));
    } else {
      names.push(unquote(part));
    }
  }
  return { names, params };
}

function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

/** A finite non-negative decimal (no sign, no exponent, no NaN), or null. */
function nonNegativeNumber(text: string | undefined): number | null {
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Shortest window a policy may state; a shorter one (`w=0.0000001`, `w=0`) is not a policy we can pace by. */
const MIN_POLICY_WINDOW_SECONDS = 1;

/** `RateLimit: "<bucket>";r=<remaining>;t=<seconds>`. Null when absent or malformed. */
export function parseRateLimit(value: string | undefined | null): RateLimitState | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const { names, params } = parseFirstMember(value);
  const remaining = nonNegativeNumber(params.get('r'));
  const resetSeconds = nonNegativeNumber(params.get('t'));
  if (remaining === null || resetSeconds === null) return null;
  return { bucket: names[names.length - 1] ?? '', remaining, resetSeconds };
}

/**
 * `RateLimit-Policy: "fixed window";"<bucket>";q=<quota>;w=<seconds>`. The Hub puts the policy kind before
 * the bucket name; the draft's plain form `"<bucket>";q=..;w=..` is accepted too (the last name is the bucket).
 */
export function parseRateLimitPolicy(value: string | undefined | null): RateLimitPolicy | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  const { names, params } = parseFirstMember(value);
  const quota = nonNegativeNumber(params.get('q'));
  const windowSeconds = nonNegativeNumber(params.get('w'));
  if (quota === null || windowSeconds === null) return null;
  if (windowSeconds < MIN_POLICY_WINDOW_SECONDS || quota < 1) return null;
  return { bucket: names[names.length - 1] ?? '', quota, windowSeconds };
}

/** A response's timing headers, parsed once (when the response arrives) for the pacer and the retry path. */
export interface ServerTiming {
  /** `RateLimit`, or null when absent or malformed. */
  rateLimit: RateLimitState | null;
  /** `RateLimit-Policy`, or null when absent, malformed or not a window we can pace by. */
  policy: RateLimitPolicy | null;
  /** `Retry-After` in milliseconds from now, or null. */
  retryAfterMillis: number | null;
}

/** Parses a response's `RateLimit`, `RateLimit-Policy` and `Retry-After` headers. */
export function readServerTiming(
  headers: { rateLimit?: string | null; policy?: string | null; retryAfter?: string | null },
  nowMillis: number,
): ServerTiming {
  return {
    rateLimit: parseRateLimit(headers.rateLimit),
    policy: parseRateLimitPolicy(headers.policy),
    retryAfterMillis: parseRetryAfter(headers.retryAfter, nowMillis),
  };
}

/**
 * How long the server asked us to wait before retrying a response, in milliseconds, or null when it said
 * nothing. `RateLimit` with `r=0` (only when `rateLimitSays`: on a 429) means "wait for the reset" plus a
 * margin, as huggingface_hub does; `Retry-After` is honoured as given. When both are present the longer
 * wins: never retry sooner than asked.
 */
export function serverDelayFrom(timing: ServerTiming, rateLimitSays: boolean): number | null {
  const rateLimit = rateLimitSays ? timing.rateLimit : null;
  const reset =
    rateLimit !== null && rateLimit.remaining <= 0
      ? rateLimit.resetSeconds * 1000 + RATE_LIMIT_RESET_MARGIN_MILLIS
      : null;
  const retryAfter = timing.retryAfterMillis;
  if (retryAfter === null) return reset;
  if (reset === null) return retryAfter;
  return Math.max(retryAfter, reset);
}

/** `serverDelayFrom` straight from the header values (tests, callers without a parsed response). */
export function serverRetryDelayMillis(
  headers: { retryAfter?: string | null; rateLimit?: string | null },
  nowMillis: number,
): number | null {
  return serverDelayFrom(readServerTiming(headers, nowMillis), true);
}
