import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downloadsAt } from './popularity.js';

test('downloads are non-increasing in rank, distinct at the head and tied in the tail', () => {
  for (const listed of [200, 10_000, 3_000_000]) {
    const sample = listed > 100_000 ? 200_000 : listed;
    let previous = Infinity;
    const counts = new Map<number, number>();
    for (let i = 0; i < sample; i++) {
      const d = downloadsAt(i, listed);
      assert.ok(d <= previous, `rank ${i} of ${listed}`);
      assert.ok(Number.isInteger(d) && d >= 0);
      previous = d;
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    for (let i = 0; i < 20; i++)
      assert.ok(downloadsAt(i, listed) > downloadsAt(i + 1, listed), `head rank ${i}`);
    assert.ok(
      [...counts.values()].some((n) => n > 10),
      'some value is shared by many models',
    );
  }
  // the last 40% of a listing has no downloads
  assert.equal(downloadsAt(150, 200), 0);
  assert.equal(downloadsAt(2_000_000, 3_000_000), 0);
});
