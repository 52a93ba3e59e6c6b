/**
 * Git mode under the emulator's faults: an LFS object served with wrong bytes once, a 5xx from git's
 * upload-pack and the LFS batch API, a CDN reset; every repo ends verified, or failed with the right reason
 * when the fault does not go away.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoFolder, reposRoot } from '../../src/download/index.js';
import { git, gitDownload, seedSelection, startGitFixture, type GitFixture } from './helpers.js';

describe('git mode and faults', () => {
  let f: GitFixture;
  before(async () => {
    // no specials: ranks 0-2 are ordinary repos with LFS weights
    f = await startGitFixture({ specials: false, models: 6 });
    await seedSelection(f.dataDir, f.emulator, 3);
  });
  after(() => f.close());

  function lfsFiles(id: string) {
    return f.emulator.hub.files(id, f.emulator.hub.listedSha(id)).filter((file) => file.lfs !== null);
  }

  test('an LFS object served with wrong bytes once: git-lfs refuses it, the fetch is redone, the repo verifies', async () => {
    const id = f.emulator.hub.at(0).id;
    const [target] = lfsFiles(id);
    assert.ok(target?.lfs);
    const [rule] = f.emulator.faults.add({
      kind: 'cdn',
      repo: id,
      path: target.path,
      action: { type: 'corrupt' },
      times: 1,
    });
    // and the other repos meet a 500 from upload-pack, a 503 from the LFS batch API and a CDN reset, once each
    const other = f.emulator.hub.at(1).id;
    const third = f.emulator.hub.at(2).id;
    f.emulator.faults.add(
      { kind: 'git', repo: other, method: 'POST', action: { type: 'status', status: 500 }, times: 1 },
      { kind: 'lfs-batch', repo: third, action: { type: 'status', status: 503 }, times: 1 },
      { kind: 'cdn', repo: third, action: { type: 'reset', afterBytes: 100 }, times: 1 },
    );
    const summary = await gitDownload(f);
    assert.deepEqual(summary.repos, { total: 3, verified: 3, skipped: 0, failed: 0 });
    assert.ok(
      f.emulator.faults.list().every((r) => r.fired === 1),
      'every fault fired',
    );
    assert.equal(
      f.emulator.faults.list().find((r) => r.id === rule)?.matches,
      2,
      'the corrupted object was fetched twice',
    );
    const folder = repoFolder(reposRoot(f.dataDir), id);
    const bytes = readFileSync(join(folder, ...target.path.split('/')));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), target.lfs.sha256);
    assert.equal(await git(folder, ['status', '--porcelain']), '');
    f.emulator.faults.clear();
  });

  test('bytes that stay wrong: the repo fails with hash_mismatch after the bounded tries, nothing at its final path', async () => {
    const f2 = await startGitFixture({ specials: false, models: 6 });
    try {
      await seedSelection(f2.dataDir, f2.emulator, 1);
      const id = f2.emulator.hub.at(0).id;
      f2.emulator.faults.add({ kind: 'cdn', repo: id, action: { type: 'corrupt' } });
      const summary = await gitDownload(f2, { gitTries: 2 });
      assert.deepEqual(summary.failedByReason, { hash_mismatch: 1 });
      assert.match(summary.failed[0]?.detail ?? '', /expected OID/);
      assert.throws(
        () => readFileSync(join(repoFolder(reposRoot(f2.dataDir), id), '.git', 'HEAD')),
        /ENOENT/,
      );
      // the fault goes away: the next run completes the clone left in staging
      f2.emulator.faults.clear();
      const gitRequests = f2.emulator.stats.byKind.git;
      const again = await gitDownload(f2);
      assert.equal(again.repos.verified, 1);
      assert.equal(f2.emulator.stats.byKind.git, gitRequests, 'resumed: no second clone');
    } finally {
      await f2.close();
    }
  });
});
