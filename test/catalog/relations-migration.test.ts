/**
 * A catalog written before the research tables existed (schema version 3) opens, migrates, and gets its
 * snapshot's relation tables and weight columns from the stored raw items on the next export, with no
 * request; what it gets equals what a crawl derives page by page.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS, migrate, openCatalog, userVersion } from '../../src/catalog/index.js';
import { exportDataset } from '../../src/export/index.js';
import { select } from '../../src/select/index.js';
import { deriveRelations } from '../../src/crawl/derive-relations.js';
import { listed, tempDataDir } from './helpers.js';
import { catalogPath, ensureDataDir } from '../../src/catalog/data-dir.js';

const ITEMS = [
  listed('org/base', {
    downloads: 50,
    tags: ['license:apache-2.0', 'arxiv:1810.04805', 'en'],
    config: { architectures: ['BertModel'], model_type: 'bert' },
  }),
  listed('org/tuned', {
    downloads: 40,
    tags: ['base_model:org/base', 'base_model:finetune:org/base', 'dataset:squad', 'license:mit'],
    cardData: { license: 'mit', datasets: ['squad'], base_model: 'org/base' },
  }),
  listed('other/tuned-GGUF', {
    downloads: 30,
    tags: ['base_model:quantized:org/tuned', 'license:other'],
    cardData: { license: 'other', license_name: 'acme', license_link: 'LICENSE' },
  }),
];
const first = ITEMS[0] as (typeof ITEMS)[number];
first.raw['safetensors'] = { parameters: { F32: 1000, I64: 2 }, total: 1002 };
first.raw['trendingScore'] = 7;
first.model.safetensors = { total: 1002, parameters: { F32: 1000, I64: 2 } };
first.model.trendingScore = 7;

/** Writes a version-3 catalog with a finished snapshot of ITEMS, the way hf-torrent 0.1 stored them. */
function oldCatalog(dataDir: string): void {
  ensureDataDir(dataDir);
  const db = new Database(catalogPath(dataDir));
  migrate(db, MIGRATIONS.slice(0, 3));
  db.prepare(
    `INSERT INTO crawl_snapshots (id, endpoint, query, query_mode, status, started_at, updated_at, finished_at, pages, listed, models)
     VALUES (1, 'https://hub.test', '{}', 'expand', 'finished', 't0', 't1', 't1', 1, 3, 3)`,
  ).run();
  const insert = db.prepare(
    `INSERT INTO models (snapshot_id, seq, id, author, sha, private, disabled, downloads, likes, tags,
                         card_datasets, architectures, raw)
     VALUES (1, ?, ?, ?, ?, 0, 0, ?, 0, ?, '[]', '[]', ?)`,
  );
  ITEMS.forEach(({ model, raw }, seq) =>
    insert.run(
      seq,
      model.id,
      model.author,
      model.sha,
      model.downloads,
      JSON.stringify(model.tags),
      JSON.stringify(raw),
    ),
  );
  db.close();
}

test('an old catalog migrates and gets its relations from the stored items on export', async (t) => {
  const dataDir = tempDataDir(t);
  oldCatalog(dataDir);
  await select({ dataDir, top: 2 });
  const summary = await exportDataset({ dataDir, format: 'json' });
  assert.equal(summary.backfilledModels, 3);

  const catalog = openCatalog(dataDir, { readonly: true });
  t.after(() => catalog.close());
  assert.equal(userVersion(catalog.db), MIGRATIONS.length);
  const rows = (sql: string): unknown[] => catalog.db.prepare(sql).raw().all();
  assert.deepEqual(rows('SELECT context_id, parameters, trending_score FROM model ORDER BY id'), [
    ['org/base', 1002, 7],
    ['org/tuned', null, null],
    ['other/tuned-GGUF', null, null],
  ]);
  assert.deepEqual(
    rows(
      `WITH RECURSIVE a(id, depth) AS (SELECT 'other/tuned-GGUF', 0 UNION
         SELECT b.base_context_id, a.depth + 1 FROM a JOIN model m ON m.context_id = a.id
           JOIN model_to_base_model b ON b.model_id = m.id) SELECT id, depth FROM a ORDER BY depth`,
    ),
    [
      ['other/tuned-GGUF', 0],
      ['org/tuned', 1],
      ['org/base', 2],
    ],
  );
  assert.deepEqual(
    rows(
      `SELECT l.name, ml.license_name FROM model_to_license ml JOIN license l ON l.id = ml.license_id
        ORDER BY ml.model_id`,
    ),
    [
      ['apache-2.0', null],
      ['mit', null],
      ['other', 'acme'],
    ],
  );
  assert.equal(summary.tables['model_to_paper'], 1);
  assert.equal(summary.tables['model_parameter'], 2);
  assert.equal(summary.tables['model_to_architecture'], 1);

  // A second export finds the snapshot derived and derives nothing.
  catalog.close();
  const again = await exportDataset({ dataDir });
  assert.equal(again.backfilledModels, 0);
  assert.deepEqual(again.tables, summary.tables);
});

test('a crawl stored page by page derives the same tables as the backfill', async (t) => {
  const crawled = tempDataDir(t);
  const catalog = openCatalog(crawled);
  const snapshot = catalog.snapshots.start({
    endpoint: 'https://hub.test',
    query: {},
    queryMode: 'expand',
    now: 't0',
  });
  for (const [page, items] of [ITEMS.slice(0, 2), ITEMS.slice(2)].entries()) {
    catalog.snapshots.commitPage(snapshot.id, {
      items,
      relations: items.map((i) => deriveRelations(i.model)),
      nextUrl: page === 0 ? 'https://hub.test/api/models?cursor=1' : null,
      expectedPages: page,
      now: 't1',
    });
  }
  catalog.close();
  await select({ dataDir: crawled, top: 2 });
  const fresh = await exportDataset({ dataDir: crawled });
  assert.equal(fresh.backfilledModels, 0, 'derived with the pages');
  const old = tempDataDir(t);
  oldCatalog(old);
  await select({ dataDir: old, top: 2 });
  const backfilled = await exportDataset({ dataDir: old });
  assert.deepEqual(fresh.tables, backfilled.tables);
});
