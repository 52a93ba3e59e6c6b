import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration, catalogPath, migrate, openCatalog } from '../../src/catalog/index.js';
import { CatalogError, DataDirError, StageNotRunError } from '../../src/errors.js';
import { listed, seedFinishedCrawl, tempDataDir } from './helpers.js';

const T0 = new Date(0).toISOString();

test('openCatalog creates a WAL catalog at the latest schema version, and reopens without migrating again', (t) => {
  const dataDir = tempDataDir(t);
  const catalog = openCatalog(dataDir);
  assert.equal(catalog.path, join(dataDir, 'huggingface', 'catalog.db'));
  assert.equal(catalog.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(catalog.db.pragma('synchronous', { simple: true }), 1); // NORMAL
  assert.equal(catalog.db.pragma('user_version', { simple: true }), MIGRATIONS.length);
  catalog.close();
  const again = openCatalog(dataDir);
  assert.equal(again.db.pragma('user_version', { simple: true }), MIGRATIONS.length);
  assert.equal(again.snapshots.current(), null);
  again.close();
});

test('an appended migration runs once, and a list with a gap is refused', (t) => {
  const dataDir = tempDataDir(t);
  openCatalog(dataDir).close();
  const db = new Database(catalogPath(dataDir));
  t.after(() => db.close());
  let runs = 0;
  const next: Migration = {
    version: MIGRATIONS.length + 1,
    name: 'test table',
    up: (d) => {
      runs += 1;
      d.exec('CREATE TABLE test_appended (x INTEGER)');
    },
  };
  assert.equal(migrate(db, [...MIGRATIONS, next]), MIGRATIONS.length);
  assert.equal(migrate(db, [...MIGRATIONS, next]), MIGRATIONS.length + 1);
  assert.equal(runs, 1);
  assert.throws(() => migrate(db, [...MIGRATIONS, { ...next, version: next.version + 1 }]), CatalogError);
});

test('a failing migration leaves the previous version and no partial change', (t) => {
  const dataDir = tempDataDir(t);
  openCatalog(dataDir).close();
  const db = new Database(catalogPath(dataDir));
  t.after(() => db.close());
  const broken: Migration = {
    version: MIGRATIONS.length + 1,
    name: 'broken',
    up: (d) => {
      d.exec('CREATE TABLE half_done (x INTEGER)');
      throw new Error('boom');
    },
  };
  assert.throws(() => migrate(db, [...MIGRATIONS, broken]), /boom/);
  assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
  assert.deepEqual(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'`).get(), {
    n: 0,
  });
});

test('a catalog from a newer hf-torrent is refused with a clear error', (t) => {
  const dataDir = tempDataDir(t);
  openCatalog(dataDir).close();
  const db = new Database(catalogPath(dataDir));
  db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
  db.close();
  assert.throws(
    () => openCatalog(dataDir),
    (error: unknown) => {
      assert.ok(error instanceof CatalogError);
      assert.match(error.message, /newer than this hf-torrent/);
      return true;
    },
  );
});

test('an unwritable data dir is a DataDirError naming the path', (t) => {
  const base = tempDataDir(t);
  const file = join(base, 'not-a-dir');
  writeFileSync(file, 'x');
  assert.throws(
    () => openCatalog(join(file, 'data')),
    (error: unknown) => {
      assert.ok(error instanceof DataDirError);
      assert.match(error.message, /not writable/);
      assert.ok(error.message.includes(join(file, 'data', 'huggingface')));
      return true;
    },
  );
});

test('a readonly open of a missing catalog is a StageNotRunError and creates nothing', (t) => {
  const dataDir = tempDataDir(t);
  assert.throws(() => openCatalog(dataDir, { readonly: true }), StageNotRunError);
  assert.equal(existsSync(join(dataDir, 'huggingface')), false);
});

test('a page commit stores rows, cursor and counters together; a failing page stores nothing', (t) => {
  const dataDir = tempDataDir(t);
  const catalog = openCatalog(dataDir);
  t.after(() => catalog.close());
  const snap = catalog.snapshots.start({
    endpoint: 'https://hub.test',
    query: { limit: 2 },
    queryMode: 'expand',
    now: T0,
  });
  const after1 = catalog.snapshots.commitPage(snap.id, {
    items: [listed('a/one'), listed('a/two')],
    nextUrl: 'https://hub.test/api/models?cursor=2',
    expectedPages: 0,
    now: T0,
  });
  assert.equal(after1.pages, 1);
  assert.equal(after1.models, 2);
  assert.equal(after1.nextUrl, 'https://hub.test/api/models?cursor=2');
  assert.equal(after1.status, 'running');

  // The second item violates NOT NULL (no id): the whole page, cursor and counters included, is rolled back.
  const bad = listed('a/three');
  const broken = { ...listed('a/four'), model: { ...listed('a/four').model, id: null as unknown as string } };
  assert.throws(() =>
    catalog.snapshots.commitPage(snap.id, { items: [bad, broken], nextUrl: null, expectedPages: 1, now: T0 }),
  );
  const still = catalog.snapshots.get(snap.id);
  assert.equal(still?.pages, 1);
  assert.equal(still?.nextUrl, 'https://hub.test/api/models?cursor=2');
  assert.equal(catalog.models.count(snap.id), 2);

  // A commit that does not follow the stored page count is refused (a second writer).
  assert.throws(
    () => catalog.snapshots.commitPage(snap.id, { items: [bad], nextUrl: null, expectedPages: 0, now: T0 }),
    CatalogError,
  );
  const done = catalog.snapshots.commitPage(snap.id, {
    items: [bad],
    nextUrl: null,
    expectedPages: 1,
    now: 'T1',
  });
  assert.equal(done.status, 'finished');
  assert.equal(done.finishedAt, 'T1');
  assert.equal(done.nextUrl, null);
  assert.deepEqual([...catalog.models.iterateIds(snap.id)], ['a/one', 'a/two', 'a/three']);
});

test('a model listed twice in one crawl is stored once, at its first position, with the later values', (t) => {
  const dataDir = tempDataDir(t);
  const catalog = openCatalog(dataDir);
  t.after(() => catalog.close());
  const snap = catalog.snapshots.start({
    endpoint: 'https://hub.test',
    query: {},
    queryMode: 'expand',
    now: T0,
  });
  catalog.snapshots.commitPage(snap.id, {
    items: [listed('a/x', { downloads: 1 }), listed('a/y')],
    nextUrl: 'n',
    expectedPages: 0,
    now: T0,
  });
  const done = catalog.snapshots.commitPage(snap.id, {
    items: [listed('a/x', { downloads: 7 }), listed('a/z')],
    nextUrl: null,
    expectedPages: 1,
    now: T0,
  });
  assert.equal(done.listed, 4);
  assert.equal(done.models, 3);
  assert.equal(catalog.models.count(snap.id), 3);
  assert.deepEqual([...catalog.models.iterateIds(snap.id)], ['a/x', 'a/y', 'a/z']);
  assert.equal(catalog.models.get(snap.id, 'a/x')?.downloads, 7);
});

test('raw items come back verbatim in listing order, across batch boundaries', (t) => {
  const dataDir = tempDataDir(t);
  const models = Array.from({ length: 2345 }, (_, i) =>
    listed(`org/m${i}`, { downloads: i % 7, tags: [`t${i}`] }),
  );
  const id = seedFinishedCrawl(dataDir, models, { pageSize: 1000 });
  const catalog = openCatalog(dataDir);
  t.after(() => catalog.close());
  const raws = [...catalog.models.iterateRaw(id)].map((text) => JSON.parse(text) as unknown);
  assert.deepEqual(
    raws,
    models.map((m) => m.raw),
  );
});

test('prune keeps the latest finished snapshot and deletes the rows of older and abandoned ones', (t) => {
  const dataDir = tempDataDir(t);
  const first = seedFinishedCrawl(dataDir, [listed('a/1'), listed('a/2')]);
  const catalog = openCatalog(dataDir);
  t.after(() => catalog.close());
  const abandoned = catalog.snapshots.start({
    endpoint: 'https://hub.test',
    query: {},
    queryMode: 'expand',
    now: T0,
  });
  catalog.snapshots.commitPage(abandoned.id, {
    items: [listed('a/3')],
    nextUrl: 'n',
    expectedPages: 0,
    now: T0,
  });
  catalog.snapshots.abandon(abandoned.id, T0);
  assert.equal(catalog.snapshots.prune('P1'), 1);
  assert.equal(catalog.models.count(first), 2, 'the only finished snapshot stays');
  assert.equal(catalog.snapshots.get(abandoned.id)?.prunedAt, 'P1');

  const second = catalog.snapshots.start({
    endpoint: 'https://hub.test',
    query: {},
    queryMode: 'expand',
    now: T0,
  });
  catalog.snapshots.commitPage(second.id, {
    items: [listed('a/9')],
    nextUrl: 'n',
    expectedPages: 0,
    now: T0,
  });
  assert.equal(catalog.snapshots.prune('P2'), 0, 'a running crawl does not replace the finished one');
  assert.equal(catalog.snapshots.latestFinished()?.id, first);
  catalog.snapshots.commitPage(second.id, { items: [], nextUrl: null, expectedPages: 1, now: T0 });
  assert.equal(catalog.snapshots.prune('P3'), 2);
  assert.equal(catalog.models.count(first), 0);
  assert.equal(catalog.snapshots.latestFinished()?.id, second.id);
  assert.deepEqual(
    catalog.snapshots.list().map((s) => [s.id, s.status, s.prunedAt]),
    [
      [first, 'finished', 'P3'],
      [abandoned.id, 'abandoned', 'P1'],
      [second.id, 'finished', null],
    ],
  );
});

test('the readonly catalog reads what a writer committed', (t) => {
  const dataDir = tempDataDir(t);
  mkdirSync(join(dataDir, 'huggingface'), { recursive: true });
  const id = seedFinishedCrawl(dataDir, [listed('a/1')]);
  const reader = openCatalog(dataDir, { readonly: true });
  t.after(() => reader.close());
  assert.equal(reader.snapshots.latestFinished()?.id, id);
  assert.equal(reader.models.count(id), 1);
});
