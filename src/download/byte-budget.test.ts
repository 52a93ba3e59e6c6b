import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteBudget } from './byte-budget.js';

test('without a limit everything is admitted', () => {
  const budget = new ByteBudget(undefined);
  assert.equal(budget.admit(1e15), true);
  assert.equal(budget.exhausted, false);
  assert.equal(budget.spentBytes, 1e15);
});

test('repos are admitted in order until the first that does not fit; nothing after it', () => {
  const budget = new ByteBudget(100);
  assert.deepEqual(
    [40, 60, 0, 1, 0].map((b) => budget.admit(b)),
    [true, true, true, false, false],
  );
  assert.equal(budget.spentBytes, 100);
  assert.equal(budget.exhausted, true);
  const tight = new ByteBudget(10);
  assert.deepEqual(
    [11, 1].map((b) => tight.admit(b)),
    [false, false],
  );
});

test('a zero budget admits only empty repos until the first non-empty one', () => {
  const budget = new ByteBudget(0);
  assert.deepEqual(
    [0, 5, 0].map((b) => budget.admit(b)),
    [true, false, false],
  );
  assert.throws(() => new ByteBudget(-1), RangeError);
});
