/**
 * `--include` / `--exclude` in git mode, with real git and git-lfs: the clone is whole but its working tree
 * holds exactly the selected files (a sparse checkout whose patterns are the selected paths, escaped), only the
 * selected LFS objects are fetched, `git status` is clean, a second run with the same selection makes no git
 * request, and another selection (or none) gets a clone of its own.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gitBlobSha1 } from '../../src/download/content-hash.js';
import { createFileFilter } from '../../src/download/file-filter.js';
import { lfsObjectPath } from '../../src/download/git/lfs-objects.js';
import { repoFolder, reposRoot, type DownloadSummary } from '../../src/download/index.js';
import { git, gitDownload, startGitFixture, type GitFixture } from './helpers.js';

const FILTER = { include: ['*.json', '*.txt', 'weights/*'], exclude: ['deep/*'] };

/** Every file under `folder`, `.git` aside, as repo paths. */
function worktreeFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== join(folder, '.git')) walk(path);
      } else out.push(relative(folder, path).split('\\').join('/'));
    }
  };
  walk(folder);
  return out.sort();
}

describe('download --method git --include/--exclude', () => {
  let f: GitFixture;
  let ordinary: string;
  let odd: string;
  let urls: string;
  let first: DownloadSummary;

  before(async () => {
    f = await startGitFixture({ models: 20 });
    ordinary = f.emulator.hub.at(0).id;
    odd = f.emulator.hub.specials.oddNames as string;
    urls = join(f.dir, 'urls.txt');
    writeFileSync(urls, `${f.emulator.endpoint}/${ordinary}\n${f.emulator.endpoint}/${odd}\n`);
    first = await gitDownload(f, { urlsFile: urls, ...FILTER });
  });
  after(() => f.close());

  const expected = (id: string, filter = createFileFilter(FILTER)) =>
    f.emulator.hub.files(id, f.emulator.hub.listedSha(id)).filter((file) => filter(file.path));

  test('the working tree holds exactly the selected files, each with its bytes, and git status is clean', async () => {
    assert.equal(first.repos.verified, 2, JSON.stringify(first.failed));
    for (const id of [ordinary, odd]) {
      const folder = repoFolder(reposRoot(f.dataDir), id);
      const wanted = expected(id);
      assert.ok(wanted.length > 0 && wanted.length < f.emulator.hub.files(id, 'main').length, id);
      assert.deepEqual(worktreeFiles(folder), wanted.map((w) => w.path).sort(), id);
      for (const file of wanted) {
        const bytes = readFileSync(join(folder, ...file.path.split('/')));
        const digest =
          file.lfs === null ? gitBlobSha1(bytes) : createHash('sha256').update(bytes).digest('hex');
        assert.equal(digest, file.lfs?.sha256 ?? file.blobId, `${id}/${file.path}`);
      }
      assert.equal(await git(folder, ['status', '--porcelain', '--untracked-files=all']), '', `${id} clean`);
      assert.equal(await git(folder, ['rev-parse', 'HEAD']), f.emulator.hub.listedSha(id));
    }
    // the odd names (brackets, commas, spaces, accents, emoji) made it through the escaped patterns
    assert.ok(expected(odd).some((file) => file.path.startsWith('brackets [v2]')));
    assert.ok(
      expected(odd).some((file) => file.lfs !== null),
      'an LFS file of the odd repo is selected',
    );
    assert.equal(first.files.verified, expected(ordinary).length + expected(odd).length);
  });

  test('only the selected files have their LFS objects fetched', () => {
    for (const id of [ordinary, odd]) {
      const gitDir = join(repoFolder(reposRoot(f.dataDir), id), '.git');
      const selected = new Set(expected(id).map((file) => file.path));
      const lfsFiles = f.emulator.hub.files(id, 'main').filter((file) => file.lfs !== null);
      for (const file of lfsFiles) {
        const present = existsSync(lfsObjectPath(gitDir, (file.lfs as { sha256: string }).sha256));
        assert.equal(present, selected.has(file.path), `${id}/${file.path}`);
      }
      if (id === ordinary)
        assert.ok(
          lfsFiles.some((file) => !selected.has(file.path)),
          'some LFS left out',
        );
    }
  });

  test('verifyExisting audits a sparse clone: a damaged selected file is found and the clone made again', async () => {
    // intact: the audit re-hashes it in place (skip-worktree bits restored), with no new clone
    const before = f.emulator.stats.byKind.git ?? 0;
    const intact = await gitDownload(f, { urlsFile: urls, ...FILTER, verifyExisting: true });
    assert.equal(intact.repos.verified, 2, JSON.stringify(intact.failed));
    assert.equal(f.emulator.stats.byKind.git ?? 0, before, 'an intact sparse clone is not cloned again');

    const folder = repoFolder(reposRoot(f.dataDir), odd);
    const victim = expected(odd).find((file) => file.lfs === null && file.size > 0);
    assert.ok(victim !== undefined);
    const path = join(folder, ...victim.path.split('/'));
    writeFileSync(path, Buffer.alloc(victim.size, 0x20));
    const audited = await gitDownload(f, { urlsFile: urls, ...FILTER, verifyExisting: true });
    assert.equal(audited.repos.verified, 2, JSON.stringify(audited.failed));
    assert.equal(gitBlobSha1(readFileSync(path)), victim.blobId, 'repaired');
    assert.deepEqual(
      worktreeFiles(folder),
      expected(odd)
        .map((w) => w.path)
        .sort(),
    );
    assert.equal(await git(folder, ['status', '--porcelain', '--untracked-files=all']), '');
  });

  test('the same selection again makes no git request; no selection makes a full clone', async () => {
    const gitRequests = f.emulator.stats.byKind.git ?? 0;
    const again = await gitDownload(f, { urlsFile: urls, ...FILTER });
    assert.equal(again.repos.verified, 2);
    assert.equal(f.emulator.stats.byKind.git ?? 0, gitRequests, 'no git request for a verified selection');

    const full = await gitDownload(f, { urlsFile: urls });
    assert.equal(full.repos.verified, 2);
    for (const id of [ordinary, odd]) {
      const folder = repoFolder(reposRoot(f.dataDir), id);
      const all = f.emulator.hub.files(id, f.emulator.hub.listedSha(id)).map((file) => file.path);
      assert.deepEqual(worktreeFiles(folder), all.sort(), id);
      assert.equal(await git(folder, ['status', '--porcelain', '--untracked-files=all']), '', `${id} clean`);
      assert.ok(!existsSync(join(folder, '.git', 'info', 'sparse-checkout')), `${id} is not sparse any more`);
    }
  });

  test('a repo where no file matches is skipped as filtered', async () => {
    const summary = await gitDownload(f, { urlsFile: urls, include: ['*.no-such-extension'] });
    assert.deepEqual(summary.skippedByReason, { filtered: 2 });
  });
});
