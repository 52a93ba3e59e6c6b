import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LaneCount } from './lane-count.js';

test('doubles while throughput grows, stops after `patience` samples in a row that do not pay', () => {
  const lanes = new LaneCount({ initial: 4, max: 32, minGain: 1.2, patience: 2 });
  assert.equal(lanes.initial, 4);
  assert.equal(lanes.more(160, 4, 100), 4); // first sample: grow
  assert.equal(lanes.more(320, 8, 100), 8); // 2x: grow again
  assert.equal(lanes.more(340, 16, 100), 0); // +6%: one miss, wait
  assert.equal(lanes.more(350, 16, 100), 0); // a second miss in a row: the link is the limit
  assert.equal(lanes.more(900, 16, 100), 0); // settled for good
});

test('one sample that did not pay (a busy machine) does not stop the growth', () => {
  const lanes = new LaneCount({ initial: 4, max: 32, minGain: 1.2, patience: 2 });
  assert.equal(lanes.more(160, 4, 100), 4);
  assert.equal(lanes.more(150, 8, 100), 0); // a bad sample
  assert.equal(lanes.more(330, 8, 100), 8); // grows again from the last good rate
});

test('never above the per-file maximum nor beyond the parts left', () => {
  const lanes = new LaneCount({ initial: 4, max: 6, minGain: 1.2, patience: 1 });
  assert.equal(lanes.more(100, 4, 100), 2);
  const few = new LaneCount({ initial: 4, max: 16, minGain: 1.2, patience: 1 });
  assert.equal(few.more(100, 4, 1), 1);
  assert.equal(new LaneCount({ initial: 40, max: 8, minGain: 1.2, patience: 1 }).initial, 8);
});
