import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RepoFile } from '../../types.js';
import { parseLsTree, treeMismatch } from './pinned-tree.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const file = (path: string, blobId: string): RepoFile => ({ path, size: 1, blobId, lfs: null });

test('parses -z records, including names with spaces, tabs and non-ASCII', () => {
  const out = `100644 blob ${A}\tREADME.md\x00100644 blob ${B}\tweights/é model\tv2.bin\0`;
  assert.deepEqual(parseLsTree(out), [
    { mode: '100644', type: 'blob', oid: A, path: 'README.md' },
    { mode: '100644', type: 'blob', oid: B, path: 'weights/é model\tv2.bin' },
  ]);
});

test('agrees only when paths and blob ids are the same', () => {
  const tree = parseLsTree(`100644 blob ${A}\tx\x00100644 blob ${B}\ty\0`);
  assert.equal(treeMismatch(tree, [file('y', B), file('x', A)]), null);
  assert.match(
    treeMismatch(tree, [file('x', A), file('y', A)]) ?? '',
    /"y" is blob b+ in git, a+ in the manifest/,
  );
  assert.match(treeMismatch(tree, [file('x', A)]) ?? '', /"y" is in git, not in the manifest/);
  assert.match(
    treeMismatch(tree, [file('x', A), file('y', B), file('z', A)]) ?? '',
    /"z" is in the manifest/,
  );
  const withLink = parseLsTree(`160000 commit ${A}\tsub\0`);
  assert.match(treeMismatch(withLink, [file('sub', A)]) ?? '', /is a commit in git/);
});
