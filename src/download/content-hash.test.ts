import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  createContentHasher,
  EMPTY_BLOB_SHA1,
  EMPTY_SHA256,
  expectedContent,
  gitBlobSha1,
  isEmptyContent,
} from './content-hash.js';

test('git blob sha1 matches git (huggingface_hub documents "Hello, World!")', () => {
  assert.equal(gitBlobSha1(Buffer.from('Hello, World!')), 'b45ef6fec89518d314f546fd6c3025367b721684');
  assert.equal(gitBlobSha1(new Uint8Array(0)), EMPTY_BLOB_SHA1);
});

test('hashing in chunks equals hashing at once', () => {
  const data = Buffer.from('x'.repeat(100_001));
  const hasher = createContentHasher({ algorithm: 'git-sha1', size: data.length });
  for (let i = 0; i < data.length; i += 4096) hasher.update(data.subarray(i, i + 4096));
  assert.equal(hasher.digest(), gitBlobSha1(data));
  const sha = createContentHasher({ algorithm: 'sha256', size: data.length });
  sha.update(data.subarray(0, 10));
  sha.update(data.subarray(10));
  assert.equal(sha.digest(), createHash('sha256').update(data).digest('hex'));
  assert.equal(createContentHasher({ algorithm: 'sha256', size: 0 }).digest(), EMPTY_SHA256);
});

test('expected content: sha256 and real size for LFS files, blob sha1 otherwise', () => {
  const lfs = { sha256: 'AB'.repeat(32), size: 10, pointerSize: 134 };
  assert.deepEqual(expectedContent({ path: 'w.bin', size: 10, blobId: 'c'.repeat(40), lfs }), {
    algorithm: 'sha256',
    digest: 'ab'.repeat(32),
    size: 10,
  });
  assert.deepEqual(expectedContent({ path: 'a.txt', size: 3, blobId: 'D'.repeat(40), lfs: null }), {
    algorithm: 'git-sha1',
    digest: 'd'.repeat(40),
    size: 3,
  });
});

test('only a zero-byte file whose id is the empty hash counts as empty', () => {
  assert.equal(isEmptyContent({ algorithm: 'git-sha1', digest: EMPTY_BLOB_SHA1, size: 0 }), true);
  assert.equal(isEmptyContent({ algorithm: 'sha256', digest: EMPTY_SHA256, size: 0 }), true);
  assert.equal(isEmptyContent({ algorithm: 'git-sha1', digest: 'a'.repeat(40), size: 0 }), false);
  assert.equal(isEmptyContent({ algorithm: 'git-sha1', digest: EMPTY_BLOB_SHA1, size: 1 }), false);
});
