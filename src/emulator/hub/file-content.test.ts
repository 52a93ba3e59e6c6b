import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  contentChunks,
  contentGitSha1,
  contentSha256,
  readContent,
  textContent,
  type ContentSource,
} from './file-content.js';

const key = randomBytes(16);

test('any byte range equals the same slice of the whole content', () => {
  for (const kind of ['random', 'printable'] as const) {
    const source: ContentSource = { kind, size: 600_000, key };
    const whole = readContent(source);
    assert.equal(whole.length, 600_000);
    for (const [a, b] of [
      [0, 1],
      [15, 17],
      [16, 32],
      [1, 300_000],
      [262_143, 524_289],
      [599_999, 600_000],
      [500_000, 700_000],
    ] as const) {
      assert.deepEqual(
        readContent(source, a, b),
        whole.subarray(a, Math.min(b, 600_000)),
        `${kind} ${a}-${b}`,
      );
    }
  }
});

test('small contents (integer keystream) slice consistently too', () => {
  for (const kind of ['random', 'printable'] as const) {
    const source: ContentSource = { kind, size: 5003, key };
    const whole = readContent(source);
    assert.equal(whole.length, 5003);
    for (const [a, b] of [
      [0, 1],
      [1, 2],
      [3, 9],
      [4096, 5003],
      [5002, 6000],
    ] as const) {
      assert.deepEqual(readContent(source, a, b), whole.subarray(a, Math.min(b, 5003)), `${kind} ${a}-${b}`);
    }
    assert.deepEqual(Buffer.concat([...contentChunks(source, 7, 4000)]), whole.subarray(7, 4000));
  }
  assert.notDeepEqual(
    readContent({ kind: 'random', size: 64, key }),
    readContent({ kind: 'random', size: 64, key: randomBytes(16) }),
  );
});

test('printable content is ASCII lines', () => {
  const text = readContent({ kind: 'printable', size: 1000, key }).toString('latin1');
  assert.match(text, /^[\x20-\x7e\n]+$/);
  assert.equal(text.split('\n')[0]?.length, 76);
});

test('hashes match node:crypto over the materialised bytes', () => {
  const source: ContentSource = { kind: 'random', size: 300_000, key };
  const whole = readContent(source);
  assert.equal(contentSha256(source), createHash('sha256').update(whole).digest('hex'));
  assert.equal(contentSha256(source), contentSha256(source));
  // git's documented example: git hash-object of "Hello, World!" (no newline)
  assert.equal(contentGitSha1(textContent('Hello, World!')), 'b45ef6fec89518d314f546fd6c3025367b721684');
  assert.equal(contentGitSha1(textContent('')), 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  assert.deepEqual([...contentChunks(textContent(''))], []);
});
