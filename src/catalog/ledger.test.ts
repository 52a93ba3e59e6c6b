import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createLedger, downloadedCommit, downloadedCommits } from './ledger.js';
import { openCatalog } from './open-catalog.js';
import { createManifestStore } from './manifest-store.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function freshDb() {
  const catalog = openCatalog(join(dir, `data-${(n += 1)}`));
  after(() => catalog.close());
  const { db } = catalog;
  let clock = Date.UTC(2026, 0, 1);
  const now = () => (clock += 1000);
  return { db, ledger: createLedger(db, now), manifests: createManifestStore(db, now) };
}

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

test('manifests round-trip, keyed by commit, LFS info included', () => {
  const { manifests } = freshDb();
  assert.equal(manifests.get('o/m', A), null);
  const files = [
    {
      path: 'w.bin',
      size: 10,
      blobId: '1'.repeat(40),
      lfs: { sha256: '2'.repeat(64), size: 10, pointerSize: 134 },
    },
    { path: 'a b/ü.txt', size: 3, blobId: '3'.repeat(40), lfs: null },
  ];
  manifests.put('o/m', A, 'siblings', files);
  const got = manifests.get('o/m', A);
  assert.equal(got?.source, 'siblings');
  assert.deepEqual(
    got?.files,
    [...files].sort((x, y) => (x.path < y.path ? -1 : 1)),
  );
  assert.equal(manifests.has('o/m', A), true);
  assert.equal(manifests.has('o/m', B), false);
  manifests.put('o/m', A, 'tree', files.slice(1));
  assert.equal(manifests.get('o/m', A)?.files.length, 1);
});

test('enlist keeps states; start pins and counts attempts; outcomes are recorded', () => {
  const { ledger } = freshDb();
  ledger.enlist(
    [
      { repoId: 'o/one', position: 0, listedCommit: A },
      { repoId: 'o/two', position: 1, listedCommit: null },
    ],
    'selection',
  );
  assert.deepEqual(
    ledger.repos().map((r) => [r.repoId, r.state, r.listedCommit]),
    [
      ['o/one', 'pending', A],
      ['o/two', 'pending', null],
    ],
  );
  ledger.startRepo('o/one', { commit: A, method: 'http', mainSha: B });
  ledger.setRepoState('o/one', {
    state: 'verified',
    filesTotal: 2,
    filesVerified: 2,
    bytesTotal: 5,
    bytesVerified: 5,
  });
  ledger.enlist([{ repoId: 'o/one', position: 3, listedCommit: A }], 'urls:split_url_1.txt');
  const one = ledger.getRepo('o/one');
  assert.equal(one?.state, 'verified');
  assert.equal(one?.position, 3);
  assert.equal(one?.source, 'urls:split_url_1.txt');
  assert.equal(one?.commit, A);
  assert.equal(one?.mainSha, B);
  assert.equal(one?.attempts, 1);
  assert.equal(one?.bytesVerified, 5);
  assert.notEqual(one?.finishedAt, null);
  ledger.startRepo('o/one', { commit: A, method: 'http' });
  const again = ledger.getRepo('o/one');
  assert.equal(again?.attempts, 2);
  assert.equal(again?.mainSha, B, 'a start without main keeps the recorded one');
  assert.equal(again?.finishedAt, null);
  ledger.setRepoState('o/two', { state: 'skipped', reason: 'gated', detail: 'restricted' });
  assert.equal(ledger.getRepo('o/two')?.reason, 'gated');
  assert.equal(ledger.getRepo('nope/x'), null);
});

test('planned files keep their state unless the expected content changed', () => {
  const { ledger } = freshDb();
  ledger.enlist([{ repoId: 'o/m', position: 0, listedCommit: A }], 'selection');
  let rows = ledger.planFiles('o/m', A, [
    { path: 'x', size: 1, digest: 'd1' },
    { path: 'y', size: 2, digest: 'd2' },
  ]);
  assert.deepEqual(
    [...rows.values()].map((f) => [f.path, f.state]),
    [
      ['x', 'pending'],
      ['y', 'pending'],
    ],
  );
  ledger.fileAttempted('o/m', 'x');
  ledger.fileVerified('o/m', 'x', 1);
  ledger.fileFailed('o/m', 'y', 'hash mismatch');
  rows = ledger.planFiles('o/m', B, [
    { path: 'x', size: 1, digest: 'd1' },
    { path: 'y', size: 2, digest: 'd2-new' },
    { path: 'z', size: 0, digest: 'd3' },
  ]);
  assert.deepEqual(
    [...rows.values()].map((f) => [f.path, f.state, f.commit, f.bytes, f.attempts]),
    [
      ['x', 'verified', B, 1, 1],
      ['y', 'pending', B, 0, 0],
      ['z', 'pending', B, 0, 0],
    ],
  );
  assert.deepEqual(
    ledger.filesOutside('o/m', new Set(['x', 'y'])).map((f) => f.path),
    ['z'],
  );
  ledger.deleteFile('o/m', 'z');
  assert.equal(ledger.filesOutside('o/m', new Set(['x', 'y'])).length, 0);
});

test('downloadedCommit answers only for verified repos', () => {
  const { db, ledger } = freshDb();
  ledger.enlist(
    [
      { repoId: 'o/done', position: 0, listedCommit: A },
      { repoId: 'o/half', position: 1, listedCommit: A },
    ],
    'selection',
  );
  ledger.startRepo('o/done', { commit: B, method: 'http' });
  ledger.setRepoState('o/done', { state: 'verified' });
  ledger.startRepo('o/half', { commit: A, method: 'http' });
  assert.equal(downloadedCommit({ db }, 'o/done'), B);
  assert.equal(downloadedCommit({ db }, 'o/half'), null);
  assert.equal(downloadedCommit({ db }, 'o/none'), null);
  assert.deepEqual([...downloadedCommits({ db })], [['o/done', B]]);
});

test('file outcomes apply in one batch and count attempts', () => {
  const { ledger } = freshDb();
  ledger.enlist([{ repoId: 'o/m', position: 0, listedCommit: A }], 'selection');
  ledger.planFiles('o/m', A, [
    { path: 'x', size: 1, digest: 'd1' },
    { path: 'y', size: 2, digest: 'd2' },
  ]);
  ledger.fileOutcomes([
    { repoId: 'o/m', path: 'x', state: 'failed', reason: 'network_error: reset' },
    { repoId: 'o/m', path: 'x', state: 'verified', bytes: 1 },
    { repoId: 'o/m', path: 'y', state: 'failed', reason: 'hash_mismatch: x' },
  ]);
  assert.deepEqual(
    [...ledger.files('o/m').values()].map((f) => [f.path, f.state, f.bytes, f.attempts, f.reason]),
    [
      ['x', 'verified', 1, 2, null],
      ['y', 'failed', 0, 1, 'hash_mismatch: x'],
    ],
  );
});
