import type { RateLimitBucket } from './hub-client.js';

const BUCKETS: readonly string[] = ['api', 'resolvers', 'pages'];

/** The Hub's bucket for a URL on its own origin: every URL containing `/resolve/`, then `/api/*`, then pages. */
export function bucketForUrl(url: URL): RateLimitBucket {
  if (url.pathname.includes('/resolve/')) return 'resolvers';
  if (url.pathname.startsWith('/api/')) return 'api';
  return 'pages';
}

export function isRateLimitBucket(name: string): name is RateLimitBucket {
  return BUCKETS.includes(name);
}
