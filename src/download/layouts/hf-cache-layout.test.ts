import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { InvalidRepoIdError } from '../../errors.js';
import type { RepoFile } from '../../types.js';
import { blobLinkTarget, cacheFolderName, hfCacheLayout } from './hf-cache-layout.js';

test("folder names are huggingface_hub's: the type's plural and the id, joined by --", () => {
  assert.equal(cacheFolderName('org/name'), 'models--org--name');
  assert.equal(cacheFolderName('gpt2'), 'models--gpt2');
  assert.equal(cacheFolderName('datasets/org/corpus'), 'datasets--org--corpus');
  assert.equal(cacheFolderName('spaces/org/demo'), 'spaces--org--demo');
  // an id with "--" would make two repos one folder: the Hub's rules refuse it
  assert.throws(() => cacheFolderName('org/a--b'), InvalidRepoIdError);
  assert.throws(() => cacheFolderName('../x'), InvalidRepoIdError);
});

test('a snapshot link climbs to the repo folder, whatever the depth of the path', () => {
  assert.equal(blobLinkTarget(['README.md'], 'abc'), '../../blobs/abc');
  assert.equal(blobLinkTarget(['a', 'b', 'c.txt'], 'abc'), '../../../../blobs/abc');
});

test('refs and the file listing, once the repo is verified', () => {
  const root = mkdtempSync(join(tmpdir(), 'hf-cache-unit-'));
  try {
    const file = (path: string, lfs = false): RepoFile => ({
      path,
      size: 3,
      blobId: 'b'.repeat(40),
      lfs: lfs ? { sha256: 'c'.repeat(64), size: 3, pointerSize: 130 } : null,
    });
    const commit = 'd'.repeat(40);
    const layout = hfCacheLayout(root);
    layout.repoVerified('org/m', commit, 'refs/pr/1', [
      file('é.txt'),
      file('a'),
      file('2024'),
      file('.gitattributes'),
      file('w.bin', true),
    ]);
    const folder = join(root, 'models--org--m');
    assert.equal(readFileSync(join(folder, 'refs', 'refs', 'pr', '1'), 'utf8'), commit);
    const text = readFileSync(join(folder, 'trees', `${commit}.json`), 'utf8');
    // Python's json.dump(indent=1) of a dict sorted by code point: "2024" stays in its place (a JS object
    // would put it first), é is escaped
    assert.deepEqual(
      [...text.matchAll(/^ {2}"([^"]+)"/gm)].map((m) => m[1]),
      ['.gitattributes', '2024', 'a', 'w.bin', '\\u00e9.txt'],
    );
    assert.ok(!text.endsWith('\n'));
    const parsed = JSON.parse(text) as { files: Record<string, { lfs_sha256?: string }> };
    assert.equal(parsed.files['w.bin']?.lfs_sha256, 'c'.repeat(64));
    assert.ok('é.txt' in parsed.files);
    // a commit as the revision names no ref
    layout.repoVerified('org/n', commit, commit, [file('a')]);
    assert.throws(() => readFileSync(join(root, 'models--org--n', 'refs', commit)), /ENOENT/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
