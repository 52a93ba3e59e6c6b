import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideRange } from './range.js';

test('ranges', () => {
  const cases: Array<[string | undefined, number, ReturnType<typeof decideRange>]> = [
    [undefined, 10, { kind: 'whole' }],
    ['bytes=0-0', 10, { kind: 'partial', start: 0, end: 1 }],
    ['bytes=2-5', 10, { kind: 'partial', start: 2, end: 6 }],
    ['bytes=4-', 10, { kind: 'partial', start: 4, end: 10 }],
    ['bytes=5-100', 10, { kind: 'partial', start: 5, end: 10 }],
    ['bytes=-3', 10, { kind: 'partial', start: 7, end: 10 }],
    ['bytes=-30', 10, { kind: 'partial', start: 0, end: 10 }],
    ['bytes=10-', 10, { kind: 'unsatisfiable' }],
    ['bytes=10-20', 10, { kind: 'unsatisfiable' }],
    ['bytes=0-0', 0, { kind: 'unsatisfiable' }],
    ['bytes=-0', 10, { kind: 'unsatisfiable' }],
    ['bytes=5-2', 10, { kind: 'whole' }],
    ['bytes=0-1,4-5', 10, { kind: 'whole' }],
    ['items=0-1', 10, { kind: 'whole' }],
    ['bytes=-', 10, { kind: 'whole' }],
  ];
  for (const [header, size, expected] of cases)
    assert.deepEqual(decideRange(header, size), expected, `${header} of ${size}`);
});
