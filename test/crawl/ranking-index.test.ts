/**
 * The ranking index is dropped while a crawl stores pages and rebuilt by the commit that finishes it, so a
 * finished snapshot is always rankable and a killed crawl never leaves select without its index.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { crawl } from '../../src/crawl/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { AbortedError } from '../../src/errors.js';
import { createHubClient } from '../../src/hub/index.js';
import { select } from '../../src/select/index.js';
import { tempDataDir } from '../catalog/helpers.js';

function hasRankingIndex(dataDir: string): boolean {
  const catalog = openCatalog(dataDir, { readonly: true });
  try {
    return (
      catalog.db
        .prepare(
          "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'models_by_downloads'",
        )
        .pluck()
        .get() === 1
    );
  } finally {
    catalog.close();
  }
}

test('dropped during a crawl, built by the finishing commit, restored by select after a killed crawl', async (t) => {
  const emu = await startEmulator({ models: 250, seed: 'ranking-index' });
  t.after(() => emu.close());
  const client = createHubClient({ endpoint: emu.endpoint });
  t.after(() => client.close());
  const dataDir = tempDataDir(t);

  await crawl({ dataDir, client, pageSize: 100 });
  assert.ok(hasRankingIndex(dataDir), 'a finished crawl leaves the index');

  // A fresh crawl stopped after its first page: the previous snapshot stays selectable.
  const controller = new AbortController();
  await assert.rejects(
    crawl({
      dataDir,
      client,
      fresh: true,
      pageSize: 100,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'page') controller.abort();
      },
    }),
    AbortedError,
  );
  assert.equal(hasRankingIndex(dataDir), false, 'no index is maintained while pages are stored');

  const summary = await select({ dataDir, top: 10, shards: 1 });
  assert.equal(summary.selection.count, 10);
  assert.ok(hasRankingIndex(dataDir), 'select rebuilds the index it ranks with');

  const explain = openCatalog(dataDir, { readonly: true });
  try {
    const plan = explain.db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT id FROM models WHERE snapshot_id = 1 ORDER BY downloads DESC, id ASC',
      )
      .all() as Array<{ detail: string }>;
    assert.ok(
      plan.some((row) => row.detail.includes('models_by_downloads')),
      JSON.stringify(plan),
    );
  } finally {
    explain.close();
  }
});
