/**
 * After an OS crash, files renamed into place shortly before it may have lost their data (no fsync by
 * default). The next run re-hashes what was verified shortly before a reboot, fetches again only what is bad,
 * and `verifyExisting` audits everything on disk.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { download, repoFolder, reposRoot } from '../../src/download/index.js';
import { assertRepoOnDisk, seedSelection, startFixture, type Fixture } from './helpers/pipeline.js';

const top = mkdtempSync(join(tmpdir(), 'download-recovery-'));
let fx: Fixture;
let dataDir: string;
let repos: Array<{ id: string; sha: string }>;
before(async () => {
  fx = await startFixture({ models: 4, specials: false });
  dataDir = join(top, 'data');
  await seedSelection(dataDir, fx.client, 4);
  const catalog = openCatalog(dataDir);
  repos = [...catalog.selections.iterate()].map((r) => ({ id: r.id, sha: r.sha as string }));
  catalog.close();
  await download({ dataDir, client: fx.client, stallDelayMillis: 0 });
});
after(async () => {
  await fx.close();
  rmSync(top, { recursive: true, force: true });
});

/** Damages two files the way lost write-back does: one zero-filled at its size, one cut short. */
function loseWriteback(): { zeroed: string; cut: string; repo: { id: string; sha: string } } {
  const repo = repos[0] as { id: string; sha: string };
  const files = fx.emulator.hub.files(repo.id, repo.sha).filter((f) => f.size > 10);
  const [zeroed, cut] = files as [(typeof files)[number], (typeof files)[number]];
  const folder = repoFolder(reposRoot(dataDir), repo.id);
  writeFileSync(join(folder, ...zeroed.path.split('/')), Buffer.alloc(zeroed.size));
  truncateSync(join(folder, ...cut.path.split('/')), 3);
  return { zeroed: zeroed.path, cut: cut.path, repo };
}

it('without a reboot, verified files are trusted by size: a cut file is fetched again, nothing else is', async () => {
  const { zeroed, cut, repo } = loseWriteback();
  fx.emulator.stats.reset();
  const summary = await download({ dataDir, client: fx.client, stallDelayMillis: 0, bootTimeMillis: 0 });
  assert.equal(summary.files.fetched, 1);
  assert.equal(fx.emulator.stats.resolveCount(repo.id, cut), 1);
  assert.equal(fx.emulator.stats.resolveCount(repo.id, zeroed), 0, 'same size, no reboot: trusted');
  // Put it right for the next test.
  await download({ dataDir, client: fx.client, stallDelayMillis: 0, verifyExisting: true });
  assertRepoOnDisk(dataDir, fx.emulator, repo.id, repo.sha);
});

it('after a reboot, files verified shortly before it are re-hashed; only the bad ones are fetched', async () => {
  const { zeroed, cut, repo } = loseWriteback();
  fx.emulator.stats.reset();
  const summary = await download({
    dataDir,
    client: fx.client,
    stallDelayMillis: 0,
    bootTimeMillis: Date.now(),
  });
  assert.equal(summary.files.fetched, 2);
  assert.equal(fx.emulator.stats.byKind.resolve, 2);
  assert.equal(fx.emulator.stats.resolveCount(repo.id, zeroed), 1);
  assert.equal(fx.emulator.stats.resolveCount(repo.id, cut), 1);
  for (const r of repos) assertRepoOnDisk(dataDir, fx.emulator, r.id, r.sha);
  assert.equal(summary.files.verified, summary.files.total);
});

it('verifyExisting re-hashes every file on disk and fetches only the bad one', async () => {
  const { zeroed, repo } = loseWriteback();
  fx.emulator.stats.reset();
  const summary = await download({
    dataDir,
    client: fx.client,
    stallDelayMillis: 0,
    bootTimeMillis: 0,
    verifyExisting: true,
  });
  assert.equal(summary.files.fetched, 2, 'the zero-filled file and the cut one');
  assert.equal(fx.emulator.stats.resolveCount(repo.id, zeroed), 1);
  assert.equal(fx.emulator.stats.byKind.resolve, 2);
  for (const r of repos) assertRepoOnDisk(dataDir, fx.emulator, r.id, r.sha);
});
