import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logRanks, throughputBucketSeconds } from './scales.js';

test('log ranks run from 1 to n, distinct and ascending, with the extra ranks inside 1..n', () => {
  assert.deepEqual(logRanks(0), []);
  assert.deepEqual(logRanks(1), [1]);
  const ranks = logRanks(3_000_000, [300_000, 0, 3_000_001]);
  assert.equal(ranks[0], 1);
  assert.equal(ranks.at(-1), 3_000_000);
  assert.ok(ranks.includes(300_000));
  assert.ok(!ranks.includes(0) && !ranks.includes(3_000_001));
  for (let i = 1; i < ranks.length; i++) assert.ok((ranks[i] as number) > (ranks[i - 1] as number));
  // About 24 a decade: 6.5 decades.
  assert.ok(ranks.length > 140 && ranks.length < 170, String(ranks.length));
});

test('throughput buckets are round widths, at most 60 over the run', () => {
  assert.equal(throughputBucketSeconds(0), 1);
  assert.equal(throughputBucketSeconds(59), 1);
  assert.equal(throughputBucketSeconds(60), 2);
  assert.equal(throughputBucketSeconds(3599), 60);
  assert.equal(throughputBucketSeconds(10 * 86400), 21600);
  assert.equal(throughputBucketSeconds(1000 * 86400), 17 * 86400);
});
