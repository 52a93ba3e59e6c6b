/**
 * Disk cost of git mode: by default each LFS file is a hard link to its `.git/lfs/objects` copy (one copy on
 * disk, both paths valid, `git status` clean); `--no-dedupe` keeps two copies; `--depth N` clones shallow and
 * still pins the listed commit of a repo whose `main` moved.
 */
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoFolder, reposRoot, type DownloadSummary } from '../../src/download/index.js';
import { lfsObjectPath } from '../../src/download/git/lfs-objects.js';
import { git, gitDownload, type GitFixture, lfsHeavyProfile, startGitFixture } from './helpers.js';

const MiB = 1024 * 1024;
/** LFS weights dominate the repos, so that the second copy is plain to see. */
const LARGE_LFS = lfsHeavyProfile('few-large-test', 1, 2);

describe('dedupe and --no-dedupe', () => {
  let f: GitFixture;
  let ids: string[];
  const runs = new Map<string, DownloadSummary>();
  before(async () => {
    f = await startGitFixture({ specials: false, models: 4, sizes: LARGE_LFS });
    ids = [0, 1, 2].map((i) => f.emulator.hub.at(i).id);
    const urls = join(f.dir, 'urls.txt');
    writeFileSync(urls, ids.map((id) => `${f.emulator.endpoint}/${id}\n`).join(''));
    for (const mode of ['dedupe', 'no-dedupe']) {
      runs.set(
        mode,
        await gitDownload(f, { dataDir: join(f.dir, mode), urlsFile: urls, dedupe: mode === 'dedupe' }),
      );
    }
  });
  after(() => f.close());

  test('dedupe: one inode for the working-tree file and its LFS object; --no-dedupe: two', async () => {
    for (const mode of ['dedupe', 'no-dedupe']) {
      assert.equal(runs.get(mode)?.repos.verified, 3, mode);
      for (const id of ids) {
        const folder = repoFolder(reposRoot(join(f.dir, mode)), id);
        assert.equal(
          await git(folder, ['status', '--porcelain', '--untracked-files=all']),
          '',
          `${mode} ${id}`,
        );
        for (const file of f.emulator.hub.files(id, 'main')) {
          if (file.lfs === null) continue;
          const worktree = statSync(join(folder, ...file.path.split('/')));
          const object = statSync(lfsObjectPath(join(folder, '.git'), file.lfs.sha256));
          assert.equal(worktree.size, file.size);
          assert.equal(worktree.ino === object.ino, mode === 'dedupe', `${mode} ${id}/${file.path}`);
          assert.equal(worktree.nlink, mode === 'dedupe' ? 2 : 1);
        }
      }
    }
  });

  test('bytes on disk: deduplicated clones take about half of --no-dedupe, the LFS bytes less', () => {
    const lfsBytes = ids
      .flatMap((id) => f.emulator.hub.files(id, 'main'))
      .reduce((sum, file) => sum + (file.lfs === null ? 0 : file.size), 0);
    const deduped = runs.get('dedupe')?.bytes.disk ?? 0;
    const copies = runs.get('no-dedupe')?.bytes.disk ?? 0;
    assert.ok(lfsBytes > 5 * MiB, `LFS bytes ${lfsBytes}`);
    // the difference is the second copy of every LFS file, rounded up to whole 4 KiB blocks
    assert.ok(Math.abs(copies - deduped - lfsBytes) < 64 * 1024, `${copies} - ${deduped} vs ${lfsBytes}`);
    assert.ok(deduped / copies > 0.45 && deduped / copies < 0.6, `ratio ${deduped / copies}`);
  });
});

describe('--depth', () => {
  let f: GitFixture;
  before(async () => {
    f = await startGitFixture({ models: 5 });
  });
  after(() => f.close());

  test('--depth 1 on a repo whose main moved: shallow, HEAD the listed commit (fetched by id), main the new one', async () => {
    const moved = f.emulator.hub.specials.moved as string;
    const listed = f.emulator.hub.listedSha(moved);
    const urls = join(f.dir, 'moved.txt');
    writeFileSync(urls, `${f.emulator.endpoint}/${moved}@${listed}\n`);
    const summary = await gitDownload(f, { urlsFile: urls, depth: 1 });
    assert.equal(summary.repos.verified, 1);
    const folder = repoFolder(reposRoot(f.dataDir), moved);
    assert.equal(await git(folder, ['rev-parse', '--is-shallow-repository']), 'true');
    assert.equal(await git(folder, ['rev-parse', 'HEAD']), listed);
    assert.equal(await git(folder, ['rev-parse', 'refs/heads/main']), f.emulator.hub.currentSha(moved));
    assert.equal(await git(folder, ['rev-list', '--count', 'HEAD']), '1');
    assert.equal(await git(folder, ['status', '--porcelain']), '');
    // the same repo asked for with its whole history: the shallow clone is not enough
    const full = await gitDownload(f, { urlsFile: urls });
    assert.equal(full.repos.verified, 1);
    assert.equal(await git(folder, ['rev-parse', '--is-shallow-repository']), 'false');
    assert.equal(await git(folder, ['rev-list', '--count', 'HEAD']), '2');
  });

  test('--dry-run lists what a clone would fetch and clones nothing', async () => {
    const urls = join(f.dir, 'dry.txt');
    const id = f.emulator.hub.at(0).id;
    writeFileSync(urls, `${f.emulator.endpoint}/${id}\n`);
    const gitRequests = f.emulator.stats.byKind.git;
    const summary = await gitDownload(f, { urlsFile: urls, dryRun: true });
    const files = f.emulator.hub.files(id, 'main');
    assert.deepEqual(summary.plan, [
      {
        repoId: id,
        commit: f.emulator.hub.listedSha(id),
        files: files.length,
        bytes: files.reduce((sum, file) => sum + file.size, 0),
        filesToFetch: files.length,
        bytesToFetch: files.reduce((sum, file) => sum + file.size, 0),
      },
    ]);
    assert.equal(f.emulator.stats.byKind.git, gitRequests);
  });

  test('--no-dedupe and --depth need --method git', async () => {
    await assert.rejects(gitDownload(f, { method: 'http', depth: 1 }), /--depth needs --method git/);
    await assert.rejects(gitDownload(f, { method: 'http', dedupe: false }), /--no-dedupe needs --method git/);
  });
});
