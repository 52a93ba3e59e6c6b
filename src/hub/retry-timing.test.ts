import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseRateLimit,
  parseRateLimitPolicy,
  parseRetryAfter,
  serverRetryDelayMillis,
} from './retry-timing.js';

const NOW = Date.parse('2026-10-01T12:00:00.000Z');

describe('parseRetryAfter', () => {
  const table: Array<[string | undefined, number | null]> = [
    ['2', 2000],
    ['0', 0],
    [' 120 ', 120000],
    ['1.5', 1500],
    ['Wed, 01 Oct 2026 12:00:30 GMT', 30000],
    ['Wed, 01 Oct 2026 11:59:00 GMT', 0],
    ['-5', null],
    ['soon', null],
    ['', null],
    [undefined, null],
    ['12abc', null],
  ];
  for (const [value, expected] of table) {
    it(`${JSON.stringify(value)} -> ${expected}`, () => assert.equal(parseRetryAfter(value, NOW), expected));
  }
});

describe('parseRateLimit', () => {
  it('parses the Hub header', () => {
    assert.deepEqual(parseRateLimit('"api";r=499;t=295'), {
      bucket: 'api',
      remaining: 499,
      resetSeconds: 295,
    });
  });
  it('tolerates spaces, case and a bare bucket name', () => {
    assert.deepEqual(parseRateLimit(' resolvers ; R=0 ; T=55'), {
      bucket: 'resolvers',
      remaining: 0,
      resetSeconds: 55,
    });
  });
  it('reads only the first member of a list', () => {
    assert.deepEqual(parseRateLimit('"api";r=3;t=10, "pages";r=1;t=5'), {
      bucket: 'api',
      remaining: 3,
      resetSeconds: 10,
    });
  });
  it('keeps quoted names with separators intact', () => {
    assert.equal(parseRateLimit('"a;b,c";r=1;t=2')?.bucket, 'a;b,c');
  });
  for (const bad of ['', '"api"', '"api";r=1', '"api";t=1', '"api";r=-1;t=3', '"api";r=x;t=3']) {
    it(`rejects ${JSON.stringify(bad)}`, () => assert.equal(parseRateLimit(bad), null));
  }
  it('rejects absence', () => assert.equal(parseRateLimit(undefined), null));
});

describe('parseRateLimitPolicy', () => {
  it('parses the Hub header with its policy kind first', () => {
    assert.deepEqual(parseRateLimitPolicy('"fixed window";"api";q=500;w=300'), {
      bucket: 'api',
      quota: 500,
      windowSeconds: 300,
    });
  });
  it('parses the draft form', () => {
    assert.deepEqual(parseRateLimitPolicy('"resolvers";q=3000;w=300'), {
      bucket: 'resolvers',
      quota: 3000,
      windowSeconds: 300,
    });
  });
  for (const bad of ['', '"fixed window";"api";q=500', '"api";w=300', 'q=a;w=1']) {
    it(`rejects ${JSON.stringify(bad)}`, () => assert.equal(parseRateLimitPolicy(bad), null));
  }
});

describe('serverRetryDelayMillis', () => {
  const table: Array<[string, { retryAfter?: string; rateLimit?: string }, number | null]> = [
    ['nothing said', {}, null],
    ['Retry-After seconds', { retryAfter: '2' }, 2000],
    ['Retry-After date', { retryAfter: 'Wed, 01 Oct 2026 12:00:10 GMT' }, 10000],
    ['r=0 waits for the reset plus 1 s', { rateLimit: '"api";r=0;t=55' }, 56000],
    ['r>0 is no reason to wait', { rateLimit: '"api";r=3;t=55' }, null],
    ['both: the longer wins (reset)', { retryAfter: '2', rateLimit: '"api";r=0;t=5' }, 6000],
    ['both: the longer wins (Retry-After)', { retryAfter: '90', rateLimit: '"api";r=0;t=5' }, 90000],
    ['r>0 with Retry-After', { retryAfter: '7', rateLimit: '"api";r=10;t=5' }, 7000],
  ];
  for (const [name, headers, expected] of table) {
    it(name, () => assert.equal(serverRetryDelayMillis(headers, NOW), expected));
  }
});
