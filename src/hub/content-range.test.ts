import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseContentRange } from './content-range.js';

const table: Array<[string | undefined, ReturnType<typeof parseContentRange>]> = [
  ['bytes 0-99/548105171', { start: 0, end: 99, total: 548105171 }],
  ['bytes 100-199/*', { start: 100, end: 199, total: null }],
  ['bytes */1000', { start: null, end: null, total: 1000 }],
  ['BYTES 5-9/10', { start: 5, end: 9, total: 10 }],
  ['bytes 5-4/10', null],
  ['bytes 5-10/10', null],
  ['bytes */*', null],
  ['items 0-1/2', null],
  ['', null],
  [undefined, null],
];
for (const [input, expected] of table) {
  it(`parseContentRange(${JSON.stringify(input)})`, () =>
    assert.deepEqual(parseContentRange(input), expected));
}
