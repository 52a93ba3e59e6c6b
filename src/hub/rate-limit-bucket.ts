import type { RateLimitBucket } from './hub-client.js';

const BUCKETS: readonly string[] = ['api', 'resolvers', 'pages'];

/**
 * The Hub's bucket for a URL on its own origin: every URL containing `/resolve/`, then `/api/*`, then pages.
 * `/api/resolve-cache/` is the second hop of a resolve and counted with the resolvers (as the emulator
 * does; the reference does not say). Either way the bucket a response names in `RateLimit` is the one
 * the pacer updates.
 */
export function bucketForUrl(url: URL): RateLimitBucket {
  if (url.pathname.includes('/resolve/') || url.pathname.includes('/api/resolve-cache/')) return 'resolvers';
  if (url.pathname.startsWith('/api/')) return 'api';
  return 'pages';
}

export function isRateLimitBucket(name: string): name is RateLimitBucket {
  return BUCKETS.includes(name);
}
