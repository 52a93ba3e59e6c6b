/**
 * The Hub's fixed-window rate limits: three buckets (`api` for /api/*, `resolvers` for anything with
 * /resolve/, `pages` for the rest), counted per client (user when authenticated, IP otherwise). Every request
 * counts, redirects and errors included. Headers follow draft-ietf-httpapi-ratelimit-headers as the Hub
 * sends them: `RateLimit: "api";r=499;t=295` and `RateLimit-Policy: "fixed window";"api";q=500;w=300`.
 */

export type RateLimitBucket = 'api' | 'resolvers' | 'pages';

export interface RateLimitQuota {
  /** Requests allowed per window. */
  quota: number;
  /** Window length in seconds. */
  windowSeconds: number;
}

/** Generous enough that tests never hit them unless they set their own. */
export const DEFAULT_QUOTAS: Readonly<Record<RateLimitBucket, RateLimitQuota>> = {
  api: { quota: 1_000_000, windowSeconds: 300 },
  resolvers: { quota: 1_000_000, windowSeconds: 300 },
  pages: { quota: 1_000_000, windowSeconds: 300 },
};

export interface RateLimitDecision {
  allowed: boolean;
  bucket: RateLimitBucket;
  remaining: number;
  /** Whole seconds until the window resets (at least 1). */
  resetSeconds: number;
  headers: Record<string, string>;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** @param now clock in milliseconds (injectable for tests). */
  constructor(
    private readonly quotas: Readonly<Record<RateLimitBucket, RateLimitQuota>>,
    private readonly now: () => number,
  ) {}

  /** Counts one request from `client` in `bucket` and says whether it may proceed. */
  take(client: string, bucket: RateLimitBucket): RateLimitDecision {
    const { quota, windowSeconds } = this.quotas[bucket];
    const windowMillis = windowSeconds * 1000;
    const now = this.now();
    // windows are aligned on multiples of their length, so every client shares the same reset instants
    const start = Math.floor(now / windowMillis) * windowMillis;
    const key = `${bucket}\0${client}`;
    let window = this.windows.get(key);
    if (window === undefined || window.start !== start) {
      window = { start, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > 10_000) this.prune(start);
    }
    window.count++;
    const allowed = window.count <= quota;
    const remaining = Math.max(0, quota - window.count);
    const resetSeconds = Math.max(1, Math.ceil((start + windowMillis - now) / 1000));
    return {
      allowed,
      bucket,
      remaining,
      resetSeconds,
      headers: {
        RateLimit: `"${bucket}";r=${remaining};t=${resetSeconds}`,
        'RateLimit-Policy': `"fixed window";"${bucket}";q=${quota};w=${windowSeconds}`,
      },
    };
  }

  private prune(currentStart: number): void {
    for (const [key, window] of this.windows) if (window.start !== currentStart) this.windows.delete(key);
  }
}

/** The Hub's bucket for a request path. `/api/resolve-cache/` is the second hop of a resolve: resolvers. */
export function bucketFor(pathname: string): RateLimitBucket {
  if (pathname.includes('/resolve/') || pathname.startsWith('/api/resolve-cache/')) return 'resolvers';
  if (pathname.startsWith('/api/')) return 'api';
  return 'pages';
}

export function rateLimitMessage(decision: RateLimitDecision, quota: RateLimitQuota): string {
  return (
    `You have exceeded our '${decision.bucket}' rate limit (${quota.quota} requests per ${quota.windowSeconds} seconds). ` +
    `Retry after ${decision.resetSeconds} seconds. Authenticated users get higher limits; see https://huggingface.co/docs/hub/rate-limits`
  );
}
