/**
 * A listing that refuses some `expand=` values keeps every other one: learnt from the Hub-style 400 message,
 * or by probing each value alone with limit=1 when the message says nothing; the effective query is in the
 * snapshot. The single-model properties come from model info during the download.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { type CrawlEvent, crawl } from '../../src/crawl/index.js';
import { CRAWL_EXPAND } from '../../src/crawl/crawl-query.js';
import { startEmulator } from '../../src/emulator/index.js';
import { createHubClient } from '../../src/hub/index.js';
import { tempDataDir } from '../catalog/helpers.js';
import { runCli } from '../helpers/run-cli.js';
import { json, startServer } from '../hub/helpers/test-server.js';

type Hooks = { after(fn: () => Promise<void> | void): void };

/** A listing of 30 models in pages of 10 that refuses `refused` (400), with or without naming what it takes. */
async function refusingHub(t: Hooks, refused: readonly string[], helpful: boolean) {
  const server = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const expand = url.searchParams.getAll('expand');
    const bad = expand.findIndex((value) => refused.includes(value));
    if (bad >= 0) {
      const accepted = CRAWL_EXPAND.filter((value) => !refused.includes(value));
      const message = helpful ? `"expand[${bad}]" must be one of [${accepted.join(', ')}]` : 'Bad Request';
      return json(res, 400, { error: message });
    }
    const limit = Number(url.searchParams.get('limit') ?? '10');
    const start = Number(url.searchParams.get('cursor') ?? '0');
    const items = Array.from({ length: Math.min(limit, 30 - start) }, (_, i) => {
      const item: Record<string, unknown> = { _id: String(start + i), id: `org/m${start + i}` };
      for (const value of expand) item[value] = value === 'downloadsAllTime' ? 1000 + i : undefined;
      if (expand.includes('safetensors')) item.safetensors = { parameters: { F32: 10 }, total: 10 };
      return item;
    });
    const next = new URLSearchParams(url.searchParams);
    next.set('cursor', String(start + limit));
    const link: Record<string, string> =
      start + limit < 30 ? { link: `<${server.origin}/api/models?${next}>; rel="next"` } : {};
    json(res, 200, items, link);
  });
  t.after(() => server.close());
  return server;
}

async function crawlOnce(t: Hooks, endpoint: string) {
  const client = createHubClient({ endpoint, retry: { limit: 2, baseDelayMillis: 1, maxDelayMillis: 1 } });
  t.after(() => client.close());
  const dataDir = tempDataDir(t);
  const events: CrawlEvent[] = [];
  const summary = await crawl({ dataDir, client, pageSize: 10, onProgress: (e) => events.push(e) });
  const catalog = openCatalog(dataDir);
  const withAllTime = catalog.db
    .prepare('SELECT count(*) AS n FROM models WHERE downloads_all_time IS NOT NULL')
    .get() as { n: number };
  catalog.close();
  return { summary, events, withAllTime: withAllTime.n };
}

test('refused values named by the 400 are dropped, every other one is kept and recorded', async (t) => {
  const hub = await refusingHub(t, ['tags', 'cardData'], true);
  const { summary, events, withAllTime } = await crawlOnce(t, hub.origin);
  assert.equal(summary.snapshot.queryMode, 'expand');
  assert.deepEqual(
    summary.snapshot.query.expand,
    CRAWL_EXPAND.filter((v) => v !== 'tags' && v !== 'cardData'),
  );
  assert.equal(withAllTime, 30, 'every model has downloadsAllTime');
  const refusal = events.find((e) => e.type === 'expand-refused');
  assert.ok(refusal?.type === 'expand-refused');
  assert.deepEqual([refusal.refused, refusal.learnt], [['tags', 'cardData'], 'message']);
  assert.equal(hub.requests.length, 1 + 3, 'one refused page, then three pages');
});

test('a 400 that names nothing: each value is probed alone with limit=1, and only the refused one goes', async (t) => {
  const hub = await refusingHub(t, ['config'], false);
  const { summary, events, withAllTime } = await crawlOnce(t, hub.origin);
  assert.deepEqual(
    summary.snapshot.query.expand,
    CRAWL_EXPAND.filter((v) => v !== 'config'),
  );
  assert.equal(withAllTime, 30);
  assert.ok(events.some((e) => e.type === 'expand-refused' && e.learnt === 'probe'));
  const probes = hub.requests.filter((r) => /[?&]limit=1(&|$)/.test(r.url));
  assert.equal(probes.length, CRAWL_EXPAND.length);
  assert.ok(probes.every((r) => new URL(r.url, 'http://x').searchParams.getAll('expand').length === 1));
});

test('the emulator refuses the single-model properties on the listing; the download stores usedStorage from model info', async (t) => {
  const emu = await startEmulator({ models: 30, seed: 'expand-refusal', sizes: 'tiny' });
  t.after(() => emu.close());
  const dataDir = tempDataDir(t);
  const result = await runCli([
    'run',
    '--top',
    '3',
    '--data-dir',
    dataDir,
    '--endpoint',
    emu.endpoint,
    '--quiet',
  ]);
  assert.equal(result.status, 0, result.stderr);
  const catalog = openCatalog(dataDir);
  const rows = catalog.db
    .prepare(
      `SELECT m.id, m.used_storage, m.downloads_all_time FROM models m JOIN selected_models s ON s.id = m.id`,
    )
    .all() as { id: string; used_storage: number | null; downloads_all_time: number | null }[];
  catalog.close();
  assert.equal(rows.length, 3);
  for (const row of rows) {
    assert.ok(row.downloads_all_time !== null, `${row.id}: downloadsAllTime from the listing`);
    assert.ok(row.used_storage !== null && row.used_storage > 0, `${row.id}: usedStorage from model info`);
  }
});
