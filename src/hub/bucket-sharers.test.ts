import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptySharerTracking, observeSharers, ownShare } from './bucket-sharers.js';

const RESET = 1_000_000;

test('a lone client, even with requests in flight and answers out of order, is one', () => {
  const t = emptySharerTracking();
  // the server counted 5 of ours at once; answers come back 3, 5, 4, 1, 2 (remaining after each count)
  for (const [remaining, inFlight] of [
    [37, 4],
    [35, 3],
    [36, 2],
    [39, 1],
    [38, 0],
  ] as const) {
    observeSharers(t, remaining, RESET, inFlight);
    assert.equal(t.sharers, 1);
  }
});

test('four clients at the same pace are found to be about four', () => {
  const t = emptySharerTracking();
  let remaining = 100;
  for (let i = 0; i < 6; i += 1) {
    observeSharers(t, remaining, RESET, 0);
    remaining -= 4; // ours and three others' between two of our answers
  }
  assert.ok(t.sharers > 3.5 && t.sharers <= 4, `${t.sharers}`);
  assert.equal(ownShare(10, t.sharers), 2);
});

test('a new window starts a new measure and keeps the last estimate meanwhile', () => {
  const t = emptySharerTracking();
  for (const r of [50, 46, 42]) observeSharers(t, r, RESET, 0);
  const before = t.sharers;
  observeSharers(t, 99, RESET + 2000, 0);
  assert.equal(t.sharers, before);
  assert.equal(t.top, 99);
  observeSharers(t, 98, RESET + 2000, 0);
  assert.equal(t.sharers, before, 'one answer does not outweigh the last window');
  for (let r = 97; r >= 90; r -= 1) observeSharers(t, r, RESET + 2000, 0);
  assert.equal(t.sharers, 1, 'alone again once the new window has said so');
});
