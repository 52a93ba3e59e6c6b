import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, UsageError } from '../errors.js';
import { selectionCount, selectionRule, shardSizes } from './selection-size.js';

test('selectionCount: floor(N x F), F = 1 keeps all, and products within float error of an integer', () => {
  const cases: [number, number, number][] = [
    [0, 0.1, 0],
    [9, 0.1, 0],
    [10, 0.1, 1],
    [19, 0.1, 1],
    [1000, 0.1, 100],
    [7, 1, 7],
    [3, 0.5, 1],
    [100, 0.29, 29], // 100 * 0.29 = 28.999999999999996
    [100, 0.57, 57], // 56.99999999999999
    [1000, 0.001, 1],
    [2_900_000, 0.1, 290_000],
    [1, 0.999999, 0],
  ];
  for (const [total, shrinkage, expected] of cases) {
    assert.equal(selectionCount(total, { shrinkage }), expected, `${total} x ${shrinkage}`);
  }
});

test('selectionCount: top selects min(top, N)', () => {
  assert.equal(selectionCount(10, { top: 3 }), 3);
  assert.equal(selectionCount(10, { top: 10 }), 10);
  assert.equal(selectionCount(10, { top: 11 }), 10);
  assert.equal(selectionCount(0, { top: 5 }), 0);
});

test('selectionRule: defaults to 0.1, refuses both, bad shrinkage and bad top', () => {
  assert.deepEqual(selectionRule({}), { shrinkage: 0.1 });
  assert.deepEqual(selectionRule({ shrinkage: 1 }), { shrinkage: 1 });
  assert.deepEqual(selectionRule({ top: 5 }), { top: 5 });
  assert.throws(() => selectionRule({ shrinkage: 0.5, top: 5 }), UsageError);
  for (const shrinkage of [0, -0.1, 1.01, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => selectionRule({ shrinkage }), ConfigError, String(shrinkage));
  }
  for (const top of [0, -1, 1.5, Number.NaN])
    assert.throws(() => selectionRule({ top }), ConfigError, String(top));
});

test('shardSizes: the first N mod K shards get one extra; more shards than models leaves empty ones', () => {
  assert.deepEqual(shardSizes(10, 3), [4, 3, 3]);
  assert.deepEqual(shardSizes(11, 3), [4, 4, 3]);
  assert.deepEqual(shardSizes(9, 3), [3, 3, 3]);
  assert.deepEqual(shardSizes(2, 5), [1, 1, 0, 0, 0]);
  assert.deepEqual(shardSizes(0, 2), [0, 0]);
  assert.deepEqual(shardSizes(5, 1), [5]);
  const sizes = shardSizes(290_000, 100);
  assert.equal(
    sizes.reduce((a, b) => a + b, 0),
    290_000,
  );
  for (const k of [0, -1, 2.5]) assert.throws(() => shardSizes(10, k), ConfigError);
});
