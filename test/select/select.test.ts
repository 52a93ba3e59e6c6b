import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openCatalog, splitUrlsDir } from '../../src/catalog/index.js';
import { StageNotRunError } from '../../src/errors.js';
import { select } from '../../src/select/index.js';
import { listed, seedFinishedCrawl, tempDataDir } from '../catalog/helpers.js';

const E = 'https://hub.test';

function shardLines(dataDir: string, shards: number): string[][] {
  return Array.from({ length: shards }, (_, i) => {
    const text = readFileSync(join(splitUrlsDir(dataDir), `split_url_${i}.txt`), 'utf8');
    return text === '' ? [] : text.replace(/\n$/, '').split('\n');
  });
}

function selectedIds(dataDir: string): string[] {
  const catalog = openCatalog(dataDir);
  try {
    return [...catalog.selections.iterate()].map((row) => row.id);
  } finally {
    catalog.close();
  }
}

test('ranks by downloads descending, ties by id ascending, whatever the listing order', async (t) => {
  const dataDir = tempDataDir(t);
  seedFinishedCrawl(
    dataDir,
    [
      listed('b/tie', { downloads: 5 }),
      listed('z/top', { downloads: 100 }),
      listed('a/tie', { downloads: 5 }),
      listed('A/tie', { downloads: 5 }), // byte order: upper case sorts first
      listed('c/zero', { downloads: 0 }),
      listed('m/mid', { downloads: 50 }),
    ],
    { pageSize: 2 },
  );
  const summary = await select({ dataDir, shrinkage: 1, shards: 1, endpoint: E });
  assert.equal(summary.selection.count, 6);
  assert.equal(summary.warning, null);
  assert.deepEqual(selectedIds(dataDir), ['z/top', 'm/mid', 'A/tie', 'a/tie', 'b/tie', 'c/zero']);
  assert.deepEqual(shardLines(dataDir, 1), [
    ['z/top', 'm/mid', 'A/tie', 'a/tie', 'b/tie', 'c/zero'].map((id) => `${E}/${id}`),
  ]);
  const catalog = openCatalog(dataDir);
  t.after(() => catalog.close());
  assert.deepEqual(catalog.selections.get('m/mid'), {
    rank: 1,
    id: 'm/mid',
    sha: listed('m/mid').model.sha,
    downloads: 50,
  });
});

test('shrinkage keeps floor(N x F), top keeps min(top, N), and the choice is stored', async (t) => {
  const dataDir = tempDataDir(t);
  const models = Array.from({ length: 25 }, (_, i) =>
    listed(`o/m${String(i).padStart(2, '0')}`, { downloads: i }),
  );
  const snapshotId = seedFinishedCrawl(dataDir, models);
  const byDownloads = models.map((m) => m.model.id).reverse();

  let summary = await select({ dataDir, shrinkage: 0.1, shards: 1 });
  assert.equal(summary.selection.count, 2);
  assert.equal(summary.selection.total, 25);
  assert.equal(summary.selection.snapshotId, snapshotId);
  assert.equal(summary.selection.method, 'shrinkage');
  assert.equal(summary.selection.endpoint, E, 'defaults to the crawl endpoint');
  assert.deepEqual(selectedIds(dataDir), byDownloads.slice(0, 2));

  summary = await select({ dataDir, top: 7, shards: 1 });
  assert.deepEqual([summary.selection.method, summary.selection.top, summary.selection.count], ['top', 7, 7]);
  assert.deepEqual(selectedIds(dataDir), byDownloads.slice(0, 7));

  summary = await select({ dataDir, top: 1000, shards: 1 });
  assert.equal(summary.selection.count, 25);

  summary = await select({ dataDir, shards: 1 });
  assert.equal(summary.selection.shrinkage, 0.1, 'default shrinkage');
});

test('an empty selection is stored, with one empty shard file and a warning', async (t) => {
  const dataDir = tempDataDir(t);
  seedFinishedCrawl(
    dataDir,
    Array.from({ length: 9 }, (_, i) => listed(`o/m${i}`)),
  );
  const summary = await select({ dataDir, shrinkage: 0.1, shards: 3 });
  assert.equal(summary.selection.count, 0);
  assert.match(summary.warning ?? '', /selection is empty.*0\.1 of 9/);
  assert.deepEqual(shardLines(dataDir, 1), [[]]);
  assert.equal(summary.selection.shards, 1);
  assert.deepEqual(selectedIds(dataDir), []);
});

test('shards: contiguous rank ranges, the first N mod K one longer, never more files than models', async (t) => {
  const dataDir = tempDataDir(t);
  const models = Array.from({ length: 11 }, (_, i) => listed(`o/m${i}`, { downloads: 100 - i }));
  seedFinishedCrawl(dataDir, models);
  const urls = models.map((m) => `${E}/${m.model.id}`);

  const summary = await select({ dataDir, shrinkage: 1, shards: 3, endpoint: `${E}/` });
  assert.deepEqual(
    summary.files.map((f) => f.slice(splitUrlsDir(dataDir).length + 1)),
    ['split_url_0.txt', 'split_url_1.txt', 'split_url_2.txt'],
  );
  assert.deepEqual(shardLines(dataDir, 3), [urls.slice(0, 4), urls.slice(4, 8), urls.slice(8)]);

  const few = await select({ dataDir, top: 2, shards: 4 });
  assert.equal(few.selection.shards, 2, 'K = min(K, selected)');
  assert.deepEqual(shardLines(dataDir, 2), [[urls[0]], [urls[1]]]);
  assert.deepEqual(readdirSync(splitUrlsDir(dataDir)).sort(), ['split_url_0.txt', 'split_url_1.txt']);
});

test('a new selection replaces the old: fewer shards remove stale files and leftovers', async (t) => {
  const dataDir = tempDataDir(t);
  const models = Array.from({ length: 30 }, (_, i) => listed(`o/m${i}`, { downloads: i }));
  seedFinishedCrawl(dataDir, models);
  await select({ dataDir, shrinkage: 1, shards: 10 });
  writeFileSync(join(splitUrlsDir(dataDir), 'split_url_0.txt.tmp'), 'left by a killed run');
  writeFileSync(join(splitUrlsDir(dataDir), 'notes.txt'), 'a user file');
  await select({ dataDir, shrinkage: 0.5, shards: 4 });
  assert.deepEqual(readdirSync(splitUrlsDir(dataDir)).sort(), [
    'notes.txt',
    'split_url_0.txt',
    'split_url_1.txt',
    'split_url_2.txt',
    'split_url_3.txt',
  ]);
  assert.deepEqual(
    shardLines(dataDir, 4).map((lines) => lines.length),
    [4, 4, 4, 3],
  );
  assert.equal(selectedIds(dataDir).length, 15);
});

test('selects from the latest finished crawl only; before any finished crawl it is a clear error', async (t) => {
  const dataDir = tempDataDir(t);
  await assert.rejects(select({ dataDir }), /no catalog in .*: run `hftorrent crawl`/);
  openCatalog(dataDir).close();
  await assert.rejects(select({ dataDir }), (error: unknown) => {
    assert.ok(error instanceof StageNotRunError);
    assert.match(error.message, /no crawl yet; run `hftorrent crawl` first/);
    return true;
  });
  const catalog = openCatalog(dataDir);
  const running = catalog.snapshots.start({ endpoint: E, query: {}, queryMode: 'expand', now: 'T' });
  catalog.snapshots.commitPage(running.id, {
    items: [listed('r/1')],
    nextUrl: 'n',
    expectedPages: 0,
    now: 'T',
  });
  catalog.close();
  await assert.rejects(select({ dataDir }), /crawl #1 has not finished \(1 models so far\)/);
});

test('the same catalog and options give byte-identical files', async (t) => {
  const dataDir = tempDataDir(t);
  const models = Array.from({ length: 500 }, (_, i) =>
    listed(`o${i % 13}/m${i}`, { downloads: (i * 7919) % 37 }),
  );
  seedFinishedCrawl(dataDir, models);
  await select({ dataDir, shrinkage: 0.3, shards: 7 });
  const first = shardLines(dataDir, 7);
  await select({ dataDir, top: 3, shards: 2 });
  await select({ dataDir, shrinkage: 0.3, shards: 7 });
  assert.deepEqual(shardLines(dataDir, 7), first);
  assert.equal(first.flat().length, 150);
});

test('a crawl still running does not change what select ranks', async (t) => {
  const dataDir = tempDataDir(t);
  const finished = seedFinishedCrawl(dataDir, [
    listed('f/1', { downloads: 1 }),
    listed('f/2', { downloads: 2 }),
  ]);
  const catalog = openCatalog(dataDir);
  const running = catalog.snapshots.start({ endpoint: E, query: {}, queryMode: 'expand', now: 'T' });
  catalog.snapshots.commitPage(running.id, {
    items: [listed('r/1', { downloads: 99 })],
    nextUrl: 'n',
    expectedPages: 0,
    now: 'T',
  });
  catalog.close();
  const summary = await select({ dataDir, shrinkage: 1, shards: 1 });
  assert.equal(summary.selection.snapshotId, finished);
  assert.deepEqual(selectedIds(dataDir), ['f/2', 'f/1']);
});
