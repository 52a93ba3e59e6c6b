/**
 * A verified clone is trusted by its HEAD on the next run, except when it may be damaged: `verifyExisting`
 * (an audit of every clone) or a reboot since the ledger's last write (clones verified shortly before it).
 * Then git checks every object and every file is hashed again; a damaged clone is cloned again, a sound one
 * costs no request.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoFolder, reposRoot } from '../../src/download/index.js';
import { git, gitDownload, seedSelection, startGitFixture, type GitFixture } from './helpers.js';

/** Overwrites a file with as many other bytes, keeping its size and times (what a torn write-back leaves). */
function damage(path: string): void {
  const before = statSync(path);
  const bytes = readFileSync(path);
  writeFileSync(path, Buffer.alloc(bytes.length, 0x20));
  utimesSync(path, before.atime, before.mtime);
}

describe('auditing verified clones', () => {
  let f: GitFixture;
  let ids: string[];
  before(async () => {
    f = await startGitFixture({ specials: false, models: 4 });
    await seedSelection(f.dataDir, f.emulator, 2);
    const first = await gitDownload(f);
    assert.equal(first.repos.verified, 2);
    ids = [0, 1].map((i) => f.emulator.hub.at(i).id);
  });
  after(() => f.close());

  const folder = (id: string): string => repoFolder(reposRoot(f.dataDir), id);

  async function checkIntact(id: string): Promise<void> {
    for (const file of f.emulator.hub.files(id, 'main')) {
      const bytes = readFileSync(join(folder(id), ...file.path.split('/')));
      const digest =
        file.lfs === null
          ? createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
          : createHash('sha256').update(bytes).digest('hex');
      assert.equal(digest, file.lfs?.sha256 ?? file.blobId, `${id}/${file.path}`);
    }
    assert.equal(await git(folder(id), ['status', '--porcelain']), '');
  }

  test('without a reason to doubt, a damaged clone is trusted (HEAD is all a run looks at)', async () => {
    const gitRequests = f.emulator.stats.byKind.git;
    const summary = await gitDownload(f);
    assert.equal(summary.repos.verified, 2);
    assert.equal(f.emulator.stats.byKind.git, gitRequests);
  });

  test('verifyExisting: a damaged LFS file and a damaged regular file are found, the repos cloned again', async () => {
    const [a, b] = ids as [string, string];
    const lfs = f.emulator.hub.files(a, 'main').find((file) => file.lfs !== null);
    const regular = f.emulator.hub.files(b, 'main').find((file) => file.lfs === null && file.size > 0);
    assert.ok(lfs && regular);
    damage(join(folder(a), ...lfs.path.split('/')));
    damage(join(folder(b), ...regular.path.split('/')));
    const gitRequests = f.emulator.stats.byKind.git;
    const summary = await gitDownload(f, { verifyExisting: true });
    assert.deepEqual(summary.repos, { total: 2, verified: 2, skipped: 0, failed: 0 });
    assert.ok(f.emulator.stats.byKind.git > gitRequests, 'cloned again');
    await checkIntact(a);
    await checkIntact(b);
  });

  test('after a reboot, recently verified clones are audited: the damaged one is cloned again, the sound one costs nothing', async () => {
    const [sound, damaged] = ids as [string, string];
    const regular = f.emulator.hub.files(damaged, 'main').find((file) => file.lfs === null && file.size > 0);
    assert.ok(regular);
    damage(join(folder(damaged), ...regular.path.split('/')));
    const gitRequests = f.emulator.stats.byKind.git;
    const summary = await gitDownload(f, { bootTimeMillis: Date.now() + 60_000 });
    assert.equal(summary.repos.verified, 2);
    // one clone (protocol v2: info/refs, then ls-refs and fetch through upload-pack) of the damaged repo only
    assert.equal(f.emulator.stats.byKind.git, gitRequests + 3);
    await checkIntact(sound);
    await checkIntact(damaged);
  });
});
