import assert from 'node:assert/strict';
import { it } from 'node:test';
import { normalizeEtag } from './etag.js';

const table: Array<[string | undefined | null, string | null]> = [
  ['"a16a55fda99d2f2e7b69cce5cf93ff4ad3049930"', 'a16a55fda99d2f2e7b69cce5cf93ff4ad3049930'],
  ['W/"31ec-CFYGviWwMc4TdzaDXh40zZgdQ1A"', '31ec-CFYGviWwMc4TdzaDXh40zZgdQ1A'],
  [
    '7c5d3f4b8b76583b422fcb9189ad6c89d5d97a094541ce8932dce3ecabde1421',
    '7c5d3f4b8b76583b422fcb9189ad6c89d5d97a094541ce8932dce3ecabde1421',
  ],
  [' "abc" ', 'abc'],
  ['""', null],
  ['', null],
  [undefined, null],
  [null, null],
];
for (const [input, expected] of table) {
  it(`normalizeEtag(${JSON.stringify(input)}) = ${JSON.stringify(expected)}`, () =>
    assert.equal(normalizeEtag(input), expected));
}
