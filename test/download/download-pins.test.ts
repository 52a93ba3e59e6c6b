/**
 * Pins: a repo re-pinned to another commit ends exactly at that commit (files the new commit lacks are
 * removed, unchanged files are not fetched again), and a pinned commit the Hub no longer has fails the repo.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { download, repoFolder, reposRoot, status } from '../../src/download/index.js';
import { assertRepoOnDisk, startFixture, type Fixture } from './helpers/pipeline.js';

const top = mkdtempSync(join(tmpdir(), 'download-pins-'));
let fx: Fixture;
before(async () => {
  fx = await startFixture({ models: 10 });
});
after(async () => {
  await fx.close();
  rmSync(top, { recursive: true, force: true });
});

function urls(name: string, lines: string[]): string {
  const file = join(top, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

it('re-pinning a repo leaves exactly the new commit on disk, fetching only what changed', async () => {
  const { hub, endpoint, stats } = fx.emulator;
  const moved = hub.specials.moved as string;
  const [listed, current] = [hub.listedSha(moved), hub.currentSha(moved)];
  const dataDir = join(top, 'repin');
  await download({
    dataDir,
    client: fx.client,
    urlsFile: urls('a.txt', [`${endpoint}/${moved}@${current}`]),
  });
  assertRepoOnDisk(dataDir, fx.emulator, moved, current);
  const onlyInCurrent = hub
    .files(moved, current)
    .filter((f) => !hub.files(moved, listed).some((g) => g.path === f.path))
    .map((f) => f.path);
  assert.ok(onlyInCurrent.length > 0, 'the newer commit adds a file');

  stats.reset();
  const summary = await download({
    dataDir,
    client: fx.client,
    urlsFile: urls('b.txt', [`${endpoint}/${moved}@${listed}`]),
  });
  assert.equal(summary.repos.verified, 1);
  assertRepoOnDisk(dataDir, fx.emulator, moved, listed);
  for (const path of onlyInCurrent) {
    assert.equal(existsSync(join(repoFolder(reposRoot(dataDir), moved), path)), false, path);
  }
  const changed = hub
    .files(moved, listed)
    .filter((f) => hub.files(moved, current).find((g) => g.path === f.path)?.blobId !== f.blobId);
  assert.equal(stats.resolveCount(moved), changed.filter((f) => f.size > 0).length);
  assert.equal(summary.files.fetched, changed.length);
});

it('a pinned commit the Hub no longer has fails the repo with revision_not_found', async () => {
  const { hub, endpoint } = fx.emulator;
  const repo = hub.at(0).id;
  const dataDir = join(top, 'gone');
  const summary = await download({
    dataDir,
    client: fx.client,
    urlsFile: urls('c.txt', [`${endpoint}/${repo}@${'0'.repeat(40)}`]),
  });
  assert.deepEqual(
    summary.failed.map((f) => [f.repoId, f.reason]),
    [[repo, 'revision_not_found']],
  );
  assert.equal(status(dataDir).download?.failedByReason.revision_not_found, 1);
});
