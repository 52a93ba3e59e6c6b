/**
 * The relation tables follow the models table's rules: a model listed twice in one snapshot (the listing
 * shifted under the cursor) keeps its first position and takes the later item's relations, and pruning a
 * snapshot removes its link rows.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { deriveRelations } from '../../src/crawl/derive-relations.js';
import type { ListedModel } from '../../src/types.js';
import { listed, tempDataDir } from './helpers.js';

function commit(dataDir: string, pages: ListedModel[][]): number {
  const catalog = openCatalog(dataDir);
  try {
    const snapshot = catalog.snapshots.start({
      endpoint: 'https://hub.test',
      query: {},
      queryMode: 'expand',
      now: 't',
    });
    pages.forEach((items, page) =>
      catalog.snapshots.commitPage(snapshot.id, {
        items,
        relations: items.map((i) => deriveRelations(i.model)),
        nextUrl: page === pages.length - 1 ? null : `https://hub.test/api/models?cursor=${page + 1}`,
        expectedPages: page,
        now: 't',
      }),
    );
    return snapshot.id;
  } finally {
    catalog.close();
  }
}

test('a model listed twice keeps its first position and the later relations', (t) => {
  const dataDir = tempDataDir(t);
  commit(dataDir, [
    [listed('org/a', { tags: ['license:mit', 'dataset:squad'] }), listed('org/b', { tags: ['license:mit'] })],
    [listed('org/a', { tags: ['license:apache-2.0'] }), listed('org/c')],
  ]);
  const catalog = openCatalog(dataDir, { readonly: true });
  t.after(() => catalog.close());
  const rows = catalog.db
    .prepare(
      `SELECT m.context_id, l.name FROM model_to_license ml JOIN license l ON l.id = ml.license_id
         JOIN model m ON m.id = ml.model_id ORDER BY m.id`,
    )
    .raw()
    .all();
  assert.deepEqual(rows, [
    ['org/a', 'apache-2.0'],
    ['org/b', 'mit'],
  ]);
  assert.equal(catalog.db.prepare('SELECT count(*) FROM model_to_dataset').pluck().get(), 0);
  assert.equal(catalog.db.prepare(`SELECT id FROM model WHERE context_id = 'org/a'`).pluck().get(), 0);
});

test('a fresh crawl prunes the previous snapshot link rows once it finishes', (t) => {
  const dataDir = tempDataDir(t);
  const first = commit(dataDir, [[listed('org/a', { tags: ['license:mit', 'x', 'y'] })]]);
  const second = commit(dataDir, [[listed('org/b', { tags: ['license:mit'] })]]);
  const catalog = openCatalog(dataDir);
  t.after(() => catalog.close());
  catalog.snapshots.prune('t');
  const count = (snapshot: number): unknown =>
    catalog.db.prepare('SELECT count(*) FROM model_tags WHERE snapshot_id = ?').pluck().get(snapshot);
  assert.equal(count(first), 0);
  assert.equal(count(second), 1);
});
