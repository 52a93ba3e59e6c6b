/**
 * A data dir with links planted in it: at a partial file's (predictable) name, at `repos/.incomplete`, and in
 * place of a repo's sub-folder before the clean-up that follows a new commit. Nothing outside the data dir is
 * written or deleted, the link never becomes a "verified" file, and the run says why the repo failed.
 */
import assert from 'node:assert/strict';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { expectedContent } from '../../src/download/content-hash.js';
import { stagingFile } from '../../src/download/layout.js';
import { download, repoFolder, reposRoot } from '../../src/download/index.js';
import { gitDownload, seedSelection as seedGit, startGitFixture } from '../git/helpers.js';
import { seedSelection, selectedRepos, startFixture, testProfile } from './helpers/pipeline.js';

const KiB = 1024;
/** Small regular files (the in-memory path) and LFS files of 300 to 600 KiB (the streaming path). */
const PROFILE = testProfile('hostile', {
  weightBytes: [300 * KiB, 600 * KiB],
  weightShards: [1, 1],
  readmeBytes: [0, 256],
  smallFiles: [2, 4],
  smallFileBytes: [64, 512],
  largeFiles: [1, 1],
  largeFileBytes: [300 * KiB, 600 * KiB],
});

const top = mkdtempSync(join(tmpdir(), 'hostile-dir-'));
after(() => rmSync(top, { recursive: true, force: true }));

/** A folder outside the data dir with one file in it, and a check that both are as they were. */
function outside(name: string): { dir: string; victim: string; untouched(): void } {
  const dir = join(top, `${name}-outside`);
  mkdirSync(dir, { recursive: true });
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'keep me');
  return {
    dir,
    victim,
    untouched: () => {
      assert.deepEqual(readdirSync(dir), ['victim.txt'], 'nothing was written next to the victim');
      assert.equal(readFileSync(victim, 'utf8'), 'keep me', 'the victim was not overwritten');
    },
  };
}

describe('links planted in the data dir (http)', () => {
  it('a link at a partial file name is refused, never followed, never placed', async () => {
    const fx = await startFixture({ models: 2, sizes: PROFILE, specials: false });
    try {
      const dataDir = join(top, 'staging-link');
      await seedSelection(dataDir, fx.client, 1);
      const [repo] = selectedRepos(dataDir) as [{ id: string; sha: string }];
      const files = fx.emulator.hub.files(repo.id, repo.sha);
      const small = files.find((f) => f.lfs === null && f.size > 0) as (typeof files)[number];
      const large = files.find((f) => f.lfs !== null) as (typeof files)[number];
      const out = outside('staging-link');
      for (const f of [small, large]) {
        const partial = stagingFile(dataDir, repo.id, f.path, expectedContent(f));
        mkdirSync(dirname(partial), { recursive: true });
        symlinkSync(out.victim, partial);
      }
      const summary = await download({ dataDir, client: fx.client, stallDelayMillis: 0 });
      out.untouched();
      assert.equal(summary.repos.failed, 1);
      assert.deepEqual(summary.failedByReason, { unsafe_path: 1 });
      const folder = repoFolder(reposRoot(dataDir), repo.id);
      for (const f of [small, large]) {
        const final = lstatSync(join(folder, f.path), { throwIfNoEntry: false });
        assert.ok(final === undefined || !final.isSymbolicLink(), `${f.path} is not the planted link`);
      }
    } finally {
      await fx.close();
    }
  });

  it('repos/.incomplete as a link: no partial byte lands outside', async () => {
    const fx = await startFixture({ models: 2, sizes: PROFILE, specials: false });
    try {
      const dataDir = join(top, 'incomplete-link');
      await seedSelection(dataDir, fx.client, 2);
      const out = outside('incomplete-link');
      mkdirSync(reposRoot(dataDir), { recursive: true });
      symlinkSync(out.dir, join(reposRoot(dataDir), '.incomplete'));
      const summary = await download({ dataDir, client: fx.client, stallDelayMillis: 0 });
      out.untouched();
      assert.equal(summary.repos.failed, 2);
      assert.deepEqual(summary.failedByReason, { unsafe_path: 2 });
    } finally {
      await fx.close();
    }
  });

  it('a repo sub-folder replaced by a link: the clean-up after a new commit deletes nothing outside', async () => {
    const fx = await startFixture({ models: 2, sizes: PROFILE, specials: false });
    try {
      const dataDir = join(top, 'subfolder-link');
      await seedSelection(dataDir, fx.client, 1);
      const [repo] = selectedRepos(dataDir) as [{ id: string; sha: string }];
      // an earlier run pinned another commit and wrote `sub/victim.txt` for it
      const old = 'f'.repeat(40);
      const catalog = openCatalog(dataDir);
      try {
        catalog.ledger.enlist([{ repoId: repo.id, position: 0, listedCommit: old }], 'selection');
        catalog.ledger.startRepo(repo.id, { commit: old, method: 'http' });
        catalog.ledger.planFiles(repo.id, old, [{ path: 'sub/victim.txt', size: 7, digest: 'a'.repeat(40) }]);
      } finally {
        catalog.close();
      }
      const out = outside('subfolder-link');
      const folder = repoFolder(reposRoot(dataDir), repo.id);
      mkdirSync(folder, { recursive: true });
      symlinkSync(out.dir, join(folder, 'sub'));
      const summary = await download({ dataDir, client: fx.client, stallDelayMillis: 0 });
      out.untouched();
      assert.equal(summary.repos.verified, 1, 'the repo itself downloads');
    } finally {
      await fx.close();
    }
  });
});

describe('links planted in the data dir (git)', () => {
  it('repos/.incomplete as a link: no folder outside is removed or cloned into', async () => {
    const f = await startGitFixture({ models: 3, specials: false });
    try {
      await seedGit(f.dataDir, f.emulator, 2);
      const out = outside('git-incomplete-link');
      mkdirSync(reposRoot(f.dataDir), { recursive: true });
      symlinkSync(out.dir, join(reposRoot(f.dataDir), '.incomplete'));
      const summary = await gitDownload(f);
      out.untouched();
      assert.deepEqual(summary.failedByReason, { unsafe_path: 2 });
    } finally {
      await f.close();
    }
  });
});
