import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decidePacing,
  DEFAULT_PACING_OPTIONS,
  emptyBucketState,
  rollOverWindow,
  type BucketState,
} from './pacing-decision.js';

const NOW = 1_000_000;
const opts = { ...DEFAULT_PACING_OPTIONS, reserveFraction: 0.25, resetMarginMillis: 1000 };

function state(patch: Partial<BucketState>): BucketState {
  return { ...emptyBucketState(), ...patch };
}

describe('decidePacing', () => {
  it('goes when nothing is known', () => {
    assert.deepEqual(decidePacing(emptyBucketState(), NOW, opts), { kind: 'go', nextSlotAt: 0 });
  });
  it('bursts while plenty remains', () => {
    const s = state({ remaining: 400, quota: 500, resetAt: NOW + 60_000 });
    assert.equal(decidePacing(s, NOW, opts).kind, 'go');
  });
  it('waits for the reset plus the margin when nothing remains', () => {
    const s = state({ remaining: 0, quota: 500, resetAt: NOW + 55_000 });
    assert.deepEqual(decidePacing(s, NOW, opts), {
      kind: 'wait',
      reason: 'reset',
      untilMillis: NOW + 56_000,
      nextSlotAt: 0,
    });
  });
  it('goes once the reset (plus margin) has passed, even with r=0 recorded', () => {
    const s = state({ remaining: 0, quota: 500, resetAt: NOW - 1000 });
    assert.equal(decidePacing(s, NOW, opts).kind, 'go');
  });
  it('still waits during the margin after the reset', () => {
    const s = state({ remaining: 0, quota: 500, resetAt: NOW - 500 });
    assert.deepEqual(decidePacing(s, NOW, opts), {
      kind: 'wait',
      reason: 'reset',
      untilMillis: NOW + 500,
      nextSlotAt: 0,
    });
  });
  it('spreads the reserve over the time to the reset', () => {
    // 10 left of 100, reset in 9 s (+1 s margin): one request per second.
    const s = state({ remaining: 10, quota: 100, resetAt: NOW + 9000 });
    assert.deepEqual(decidePacing(s, NOW, opts), { kind: 'go', nextSlotAt: NOW + 1000 });
    const later = state({ remaining: 9, quota: 100, resetAt: NOW + 9000, nextSlotAt: NOW + 1000 });
    assert.deepEqual(decidePacing(later, NOW, opts), {
      kind: 'wait',
      reason: 'spread',
      untilMillis: NOW + 1000,
      nextSlotAt: NOW + 1000 + 9000 / 9,
    });
  });
  it('uses the remaining count as the quota when no policy was seen', () => {
    assert.equal(decidePacing(state({ remaining: 3, resetAt: NOW + 5000 }), NOW, opts).kind, 'go');
    const one = decidePacing(state({ remaining: 1, resetAt: NOW + 5000 }), NOW, opts);
    assert.deepEqual(one, { kind: 'go', nextSlotAt: NOW + 6000 });
  });
  it('honours a Retry-After block', () => {
    const s = state({ blockedUntil: NOW + 2000 });
    assert.deepEqual(decidePacing(s, NOW, opts), {
      kind: 'wait',
      reason: 'reset',
      untilMillis: NOW + 2000,
      nextSlotAt: 0,
    });
  });
  it('does nothing when disabled', () => {
    const s = state({ remaining: 0, quota: 500, resetAt: NOW + 55_000, blockedUntil: NOW + 9000 });
    assert.equal(decidePacing(s, NOW, { ...opts, enabled: false }).kind, 'go');
  });
});

describe('rollOverWindow', () => {
  it('refills a known quota and moves the reset one window on', () => {
    const s = state({ remaining: 0, quota: 500, windowMillis: 300_000, resetAt: NOW - 2000, inFlight: 2 });
    rollOverWindow(s, NOW, opts);
    assert.equal(s.remaining, 498);
    assert.equal(s.resetAt, NOW - 2000 + 300_000);
  });
  it('forgets when the quota is unknown', () => {
    const s = state({ remaining: 0, resetAt: NOW - 2000 });
    rollOverWindow(s, NOW, opts);
    assert.equal(s.remaining, null);
    assert.equal(s.resetAt, null);
  });
  it('leaves a running window alone', () => {
    const s = state({ remaining: 3, quota: 500, windowMillis: 300_000, resetAt: NOW + 10 });
    rollOverWindow(s, NOW, opts);
    assert.equal(s.remaining, 3);
  });
});
