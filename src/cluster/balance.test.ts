import assert from 'node:assert/strict';
import { test } from 'node:test';
import { balanceByBytes } from './balance.js';

/** A deterministic generator for size mixes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

test('every item lands in exactly one list, each list in the original (rank) order', () => {
  const items = Array.from({ length: 1000 }, (_, rank) => ({ rank, bytes: (rank * 7919) % 1000 }));
  const { lists, bytes } = balanceByBytes(items, 7);
  assert.equal(lists.length, 7);
  const all = lists.flat().map((i) => i.rank);
  assert.deepEqual(
    [...all].sort((a, b) => a - b),
    items.map((i) => i.rank),
  );
  for (const [w, list] of lists.entries()) {
    const ranks = list.map((i) => i.rank);
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
      `list ${w} in rank order`,
    );
    assert.equal(
      bytes[w],
      list.reduce((s, i) => s + i.bytes, 0),
    );
  }
});

test('a realistic mix (a few huge repos among many small) is within 1.05 of the mean', () => {
  const next = random(7);
  const items = Array.from({ length: 50_000 }, (_, rank) => ({
    rank,
    // a few hundred-GB repos, a long tail of small ones
    bytes: rank % 5000 === 17 ? 300e9 + next() * 400e9 : Math.round(1e6 * Math.exp(6 * next())),
  }));
  const { bytes } = balanceByBytes(items, 4);
  const mean = bytes.reduce((a, b) => a + b, 0) / 4;
  const max = Math.max(...bytes);
  assert.ok(max / mean <= 1.05, `max/mean ${max / mean}`);
  // round robin over the ranks (download --shard) gives the huge repos to a few workers
  const shards = new Array<number>(4).fill(0);
  items.forEach((item, i) => (shards[i % 4] = (shards[i % 4] as number) + item.bytes));
  assert.ok(Math.max(...shards) / mean > 1.5, 'the mix is one round robin cannot balance');
});

test('largest first: the heaviest list is within 4/3 of the optimum even in the classic worst case', () => {
  // LPT's worst case for 2 workers: 3,3,2,2,2 (optimum 6, LPT 7)
  const { bytes } = balanceByBytes(
    [3, 3, 2, 2, 2].map((b) => ({ bytes: b })),
    2,
  );
  assert.deepEqual([...bytes].sort(), [5, 7]);
  // one item heavier than the mean: alone on its worker, everything else on the others
  const big = balanceByBytes([{ bytes: 100 }, { bytes: 1 }, { bytes: 1 }, { bytes: 1 }], 2);
  assert.deepEqual(big.bytes, [100, 3]);
});

test('more workers than items, zero and bad weights, and a bad worker count', () => {
  const { lists, bytes } = balanceByBytes([{ bytes: 5 }, { bytes: -1 }, { bytes: Number.NaN }], 4);
  assert.equal(lists.flat().length, 3);
  assert.deepEqual(bytes, [5, 0, 0, 0]);
  assert.throws(() => balanceByBytes([], 0), RangeError);
});
