import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketFor, DEFAULT_QUOTAS, RateLimiter } from './rate-limiter.js';

test('a fixed window counts down, refuses past its quota, and resets at the window boundary', () => {
  let now = 1_000_000_000_000; // aligned on 10 s windows
  const limiter = new RateLimiter({ ...DEFAULT_QUOTAS, api: { quota: 3, windowSeconds: 10 } }, () => now);
  assert.deepEqual(
    [1, 2, 3, 4].map(() => limiter.take('1.2.3.4', 'api')).map((d) => [d.allowed, d.remaining]),
    [
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ],
  );
  const refused = limiter.take('1.2.3.4', 'api');
  assert.equal(refused.headers['RateLimit'], '"api";r=0;t=10');
  assert.equal(refused.headers['RateLimit-Policy'], '"fixed window";"api";q=3;w=10');
  assert.equal(limiter.take('other', 'api').allowed, true, 'clients are counted apart');
  assert.equal(limiter.take('1.2.3.4', 'resolvers').allowed, true, 'buckets are counted apart');
  now += 7_500;
  assert.equal(limiter.take('1.2.3.4', 'api').resetSeconds, 3);
  now += 2_500;
  assert.equal(limiter.take('1.2.3.4', 'api').allowed, true);
});

test('buckets by path', () => {
  assert.equal(bucketFor('/api/models'), 'api');
  assert.equal(bucketFor('/org/name/resolve/main/config.json'), 'resolvers');
  assert.equal(bucketFor('/api/resolve-cache/models/org/name/abc/config.json'), 'resolvers');
  assert.equal(bucketFor('/org/name'), 'pages');
});
