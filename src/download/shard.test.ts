import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../errors.js';
import { checkShard, inShard, parseShard } from './shard.js';

test('I/N parses with I counted from 1', () => {
  assert.deepEqual(parseShard('1/4'), { index: 1, count: 4 });
  assert.deepEqual(parseShard(' 4 / 4 '), { index: 4, count: 4 });
  assert.deepEqual(parseShard('1/1'), { index: 1, count: 1 });
});

test('bad shards are usage errors', () => {
  for (const bad of ['0/4', '5/4', '1/0', '0/0', '1', '1/', '/4', 'a/b', '-1/4', '1.5/4', '1/4/2', '']) {
    assert.throws(() => parseShard(bad), UsageError, bad);
  }
  assert.throws(() => checkShard({ index: 0, count: 2 }), UsageError);
  assert.throws(() => checkShard({ index: 1, count: 1.5 }), UsageError);
});

test('every position belongs to exactly one shard, round robin in rank order', () => {
  const count = 3;
  const owners = Array.from({ length: 10 }, (_, position) =>
    [1, 2, 3].filter((index) => inShard(position, { index, count })),
  );
  assert.deepEqual(owners, [[1], [2], [3], [1], [2], [3], [1], [2], [3], [1]]);
  assert.equal(inShard(7, undefined), true);
});
