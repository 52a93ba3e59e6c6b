import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeRetryDelay } from './retry-delay.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';

const policy: RetryPolicy = {
  ...DEFAULT_RETRY_POLICY,
  limit: 6,
  baseDelayMillis: 1000,
  maxDelayMillis: 16000,
  maxServerDelayMillis: 60000,
  jitter: 0.5,
  rateLimitLimit: 3,
};

describe('computeRetryDelay', () => {
  const table: Array<{
    name: string;
    failures: number;
    pacedFailures?: number;
    server?: number | null;
    random: number;
    expected: number | null;
  }> = [
    { name: 'first failure, no jitter draw', failures: 1, random: 0, expected: 1000 },
    { name: 'second failure doubles', failures: 2, random: 0, expected: 2000 },
    { name: 'third failure doubles again', failures: 3, random: 0, expected: 4000 },
    { name: 'fifth failure hits the cap', failures: 5, random: 0, expected: 16000 },
    { name: 'full jitter draw takes off up to half', failures: 2, random: 0.999999, expected: 1000 },
    { name: 'half jitter draw', failures: 3, random: 0.5, expected: 3000 },
    { name: 'limit reached: give up', failures: 6, random: 0, expected: null },
    { name: 'past the limit: give up', failures: 9, random: 0, expected: null },
    {
      name: 'server delay wins over backoff',
      failures: 0,
      pacedFailures: 1,
      server: 2000,
      random: 0,
      expected: 2000,
    },
    {
      name: 'server delay plus a small spread',
      failures: 0,
      pacedFailures: 1,
      server: 2000,
      random: 0.5,
      expected: 2250,
    },
    {
      name: 'server delay shorter than backoff is honoured as is',
      failures: 4,
      pacedFailures: 1,
      server: 10,
      random: 0,
      expected: 10,
    },
    {
      name: 'fractional server delay rounds up',
      failures: 0,
      pacedFailures: 1,
      server: 1500.2,
      random: 0,
      expected: 1501,
    },
    {
      name: 'paced failures have their own limit',
      failures: 0,
      pacedFailures: 3,
      server: 1000,
      random: 0,
      expected: null,
    },
    {
      name: 'paced retries do not use up the other limit',
      failures: 5,
      pacedFailures: 2,
      server: 1000,
      random: 0,
      expected: 1000,
    },
    {
      name: 'server asks longer than we will wait: give up',
      failures: 0,
      pacedFailures: 1,
      server: 60001,
      random: 0,
      expected: null,
    },
    {
      name: 'server asks exactly the cap',
      failures: 0,
      pacedFailures: 1,
      server: 60000,
      random: 0,
      expected: 60000,
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const delay = computeRetryDelay({
        policy,
        failures: row.failures,
        pacedFailures: row.pacedFailures ?? 0,
        serverDelayMillis: row.server ?? null,
        random: row.random,
      });
      assert.equal(delay, row.expected);
    });
  }

  it('never exceeds the cap whatever the attempt number', () => {
    for (let failures = 1; failures < 6; failures++) {
      const delay = computeRetryDelay({
        policy,
        failures,
        pacedFailures: 0,
        serverDelayMillis: null,
        random: 0,
      });
      assert.ok(delay !== null && delay <= policy.maxDelayMillis);
    }
    const huge = computeRetryDelay({
      policy: { ...policy, limit: 5000 },
      failures: 4000,
      pacedFailures: 0,
      serverDelayMillis: null,
      random: 0,
    });
    assert.equal(huge, policy.maxDelayMillis);
  });

  it('refuses to compute a delay for no failure', () => {
    assert.throws(() =>
      computeRetryDelay({ policy, failures: 0, pacedFailures: 0, serverDelayMillis: null, random: 0 }),
    );
  });
});
