import assert from 'node:assert/strict';
import { test } from 'node:test';
import { candidateIndices, encodeIndex, MAX_INDEX, scramble, unscramble } from './index-code.js';

const key = [0x12345678, 0x9abcdef0, 0x0badf00d, 0xdeadbeef];

test('scramble is a bijection that unscramble inverts', () => {
  const seen = new Set<number>();
  for (let i = 0; i < 20000; i++) {
    const s = scramble(i, key);
    assert.ok(s >= 0 && s < MAX_INDEX);
    assert.equal(unscramble(s, key), i);
    seen.add(s);
  }
  assert.equal(seen.size, 20000);
  for (const i of [MAX_INDEX - 1, 3_000_000, 1 << 20]) assert.equal(unscramble(scramble(i, key), key), i);
});

test('codes are 5 base-36 characters and decode from any position in an id', () => {
  const code = encodeIndex(4242, key);
  assert.match(code, /^[0-9a-z]{5}$/);
  assert.ok(candidateIndices(`Some-Org/Qwen2.5-7B-${code}`, key).includes(4242));
  assert.ok(candidateIndices(`x_${code.toUpperCase()}.v2`, key).includes(4242));
  assert.throws(() => encodeIndex(MAX_INDEX, key), RangeError);
});

test('neighbouring indices get unrelated codes', () => {
  assert.notEqual(encodeIndex(1, key).slice(0, 3), encodeIndex(2, key).slice(0, 3));
});
