/** Everything the request handlers share. */
import type { GitRepoStore } from '../git/git-repo-store.js';
import type { SyntheticHub } from '../hub/synthetic-hub.js';
import type { TokenGrant } from './auth.js';
import type { CdnSigner } from './cdn-urls.js';
import type { Faults } from './faults.js';
import type { RateLimitBucket, RateLimiter, RateLimitQuota } from './rate-limiter.js';
import type { Stats } from './stats.js';
import type { Throttle } from './throttle.js';

export interface ServerState {
  hub: SyntheticHub;
  faults: Faults;
  stats: Stats;
  limiter: RateLimiter;
  quotas: Readonly<Record<RateLimitBucket, RateLimitQuota>>;
  signer: CdnSigner;
  tokens: Readonly<Record<string, TokenGrant>>;
  /** `http://host:port` of the Hub origin (set once listening). */
  endpoint: string;
  /** `http://host:port` of the CDN origin (set once listening). */
  cdnEndpoint: string;
  /** Milliseconds since the epoch. */
  now: () => number;
  log: (line: string) => void;
  /** Lifetime of signed CDN URLs, in seconds. */
  cdnUrlTtlSeconds: number;
  /** The CDN's cap per connection, in bytes per second; undefined: none. */
  cdnConnectionBytesPerSecond: number | undefined;
  /** The CDN's link, shared by all its responses; null: no cap. */
  cdnLink: Throttle | null;
  /** Bare git repositories for git smart HTTP, built on first request. */
  git: GitRepoStore;
}

/** Query booleans arrive as true/false, True/False or 1/0. */
export function queryFlag(params: URLSearchParams, name: string): boolean {
  const value = params.get(name);
  return value !== null && /^(true|1)$/i.test(value.trim());
}

/** `expand=a&expand=b` and `expand[]=a` both work. */
export function expandValues(params: URLSearchParams): string[] | null {
  const values = [...params]
    .filter(([key]) => key === 'expand' || key === 'expand[]')
    .map(([, value]) => value);
  return values.length === 0 ? null : values;
}
