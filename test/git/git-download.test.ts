/**
 * `download --method git` against the emulator with real git and git-lfs: the selection's repos are cloned
 * pinned to the listed commit (a moved `main` included), every LFS file verified and hard-linked to its
 * object, skipped repos recorded with the same reasons as the HTTP method, and a second run fetches nothing.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { createLedger } from '../../src/catalog/ledger.js';
import { repoFolder, reposRoot, type DownloadEvent, type DownloadSummary } from '../../src/download/index.js';
import { lfsObjectPath } from '../../src/download/git/lfs-objects.js';
import { git, gitDownload, seedSelection, startGitFixture, TOKEN, type GitFixture } from './helpers.js';

/** Checks a clone against the emulator: HEAD, main, every file's bytes, hard links, a clean status. */
async function checkClone(f: GitFixture, id: string, dedupe = true): Promise<void> {
  const hub = f.emulator.hub;
  const folder = repoFolder(reposRoot(f.dataDir), id);
  assert.equal(await git(folder, ['rev-parse', 'HEAD']), hub.listedSha(id), `${id} HEAD`);
  assert.equal(await git(folder, ['rev-parse', 'refs/heads/main']), hub.currentSha(id), `${id} main`);
  assert.equal(await git(folder, ['status', '--porcelain', '--untracked-files=all']), '', `${id} clean`);
  for (const file of hub.files(id, hub.listedSha(id))) {
    const path = join(folder, ...file.path.split('/'));
    const bytes = readFileSync(path);
    assert.equal(bytes.length, file.size, `${id}/${file.path} size`);
    if (file.lfs === null) continue;
    assert.equal(createHash('sha256').update(bytes).digest('hex'), file.lfs.sha256, `${id}/${file.path}`);
    const object = statSync(lfsObjectPath(join(folder, '.git'), file.lfs.sha256));
    const sameInode = statSync(path).ino === object.ino;
    assert.equal(sameInode, dedupe, `${id}/${file.path}: worktree file and LFS object share an inode`);
  }
}

describe('download --method git', () => {
  let f: GitFixture;
  let first: DownloadSummary;
  const events: DownloadEvent[] = [];
  before(async () => {
    f = await startGitFixture({ tokens: { [TOKEN]: { user: 'researcher', gatedAccess: true } } });
    await seedSelection(f.dataDir, f.emulator, 10);
    first = await gitDownload(f, { onEvent: (e) => events.push(e), concurrency: 3 });
  });
  after(() => f.close());

  test('verifies the ordinary, moved, legacy and odd-name repos; skips gated, disabled and deleted with the Hub reasons', () => {
    const s = f.emulator.hub.specials;
    assert.deepEqual(first.repos, { total: 10, verified: 6, skipped: 4, failed: 0 });
    assert.deepEqual(first.skippedByReason, { gated: 2, disabled: 1, not_found: 1 });
    const reasons = new Map(first.skipped.map((r) => [r.repoId, r.reason]));
    assert.equal(reasons.get(s.gatedAuto as string), 'gated');
    assert.equal(reasons.get(s.gatedManual as string), 'gated');
    assert.equal(reasons.get(s.disabled as string), 'disabled');
    assert.equal(reasons.get(s.deleted as string), 'not_found');
    for (const id of [s.gatedAuto, s.disabled, s.deleted] as string[]) {
      assert.ok(!existsSync(repoFolder(reposRoot(f.dataDir), id)), `${id} has no folder`);
    }
  });

  test('each clone is at the listed commit with main as a branch, LFS files hard-linked and verified', async () => {
    const s = f.emulator.hub.specials;
    const verified = events.filter((e) => e.type === 'repo-state' && e.state === 'verified');
    assert.equal(verified.length, 6);
    for (const e of verified) if (e.type === 'repo-state') await checkClone(f, e.repoId);
    const moved = s.moved as string;
    assert.notEqual(f.emulator.hub.listedSha(moved), f.emulator.hub.currentSha(moved));
    assert.ok(verified.some((e) => e.type === 'repo-state' && e.repoId === moved));
    assert.ok(verified.some((e) => e.type === 'repo-state' && e.repoId === s.oddNames));
    const legacy = join(reposRoot(f.dataDir), 'huggingface.co', s.legacy[0] as string, '.git');
    assert.ok(existsSync(legacy), 'a legacy id is cloned to repos/huggingface.co/NAME');
    for (const e of verified) {
      const id = e.type === 'repo-state' ? e.repoId : '';
      const staging = join(reposRoot(f.dataDir), '.incomplete', ...id.split('/'));
      assert.ok(!existsSync(staging), `${staging} is left`);
    }
  });

  test('the ledger says verified, method git, the listed commit, the files, and the bytes on disk', () => {
    const catalog = openCatalog(f.dataDir);
    try {
      const ledger = createLedger(catalog.db);
      let disk = 0;
      for (const row of ledger.repos().filter((r) => r.state === 'verified')) {
        assert.equal(row.method, 'git');
        assert.equal(row.commit, f.emulator.hub.listedSha(row.repoId));
        assert.equal(row.filesVerified, f.emulator.hub.files(row.repoId, row.commit).length);
        assert.ok((row.diskBytes ?? 0) > row.bytesVerified, `${row.repoId}: .git adds to the content`);
        disk += row.diskBytes ?? 0;
        const files = [...ledger.files(row.repoId).values()];
        assert.ok(files.every((file) => file.state === 'verified'));
      }
      assert.equal(first.bytes.disk, disk);
    } finally {
      catalog.close();
    }
  });

  test('a second run trusts the verified clones and the Hub refusals: no git request, same summary', async () => {
    const gitRequests = f.emulator.stats.byKind.git;
    const lfsRequests = f.emulator.stats.byKind['lfs-batch'] + f.emulator.stats.byKind.cdn;
    const again = await gitDownload(f);
    assert.deepEqual(again.repos, first.repos);
    assert.equal(again.bytes.disk, first.bytes.disk);
    // the gated repos are not asked again: the Hub's refusal stands until the token changes
    assert.equal(f.emulator.stats.byKind.git, gitRequests);
    assert.equal(f.emulator.stats.byKind['lfs-batch'] + f.emulator.stats.byKind.cdn, lfsRequests);
  });

  test('with a token approved for gated repos, git and git-lfs authenticate (Basic) and the gated repos verify', async () => {
    const summary = await gitDownload(f, { token: TOKEN, clientToken: TOKEN });
    assert.deepEqual(summary.skippedByReason, { disabled: 1, not_found: 1 });
    assert.equal(summary.repos.verified, 8);
    await checkClone(f, f.emulator.hub.specials.gatedManual as string);
    await checkClone(f, f.emulator.hub.specials.gatedAuto as string);
  });
});
