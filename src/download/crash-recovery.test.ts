import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RECOVERY_WINDOW_MILLIS, recheckVerifiedSince } from './crash-recovery.js';

const last = '2026-01-01T12:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

test('no reboot since the last ledger write: nothing to re-check', () => {
  assert.equal(recheckVerifiedSince(last, at('2026-01-01T11:00:00.000Z')), null);
  assert.equal(recheckVerifiedSince(last, at(last)), null);
  assert.equal(recheckVerifiedSince(null, at('2026-01-02T00:00:00.000Z')), null);
  assert.equal(recheckVerifiedSince('not a date', at('2026-01-02T00:00:00.000Z')), null);
});

test('a reboot after the last write: files verified in the window before it are suspect', () => {
  const since = recheckVerifiedSince(last, at('2026-01-01T12:00:01.000Z'));
  assert.equal(since, new Date(at(last) - RECOVERY_WINDOW_MILLIS).toISOString());
  assert.equal(since, '2026-01-01T11:50:00.000Z');
});
