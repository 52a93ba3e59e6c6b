/** The report's aggregates over a small hand-made catalog whose every figure is known in advance. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { collectReport } from '../../src/report/collect-report.js';
import { select } from '../../src/select/index.js';
import type { ListedModel, ModelRecord } from '../../src/types.js';
import { listed, seedFinishedCrawl, tempDataDir } from '../catalog/helpers.js';

function model(id: string, fields: Partial<ModelRecord>, raw: Record<string, unknown> = {}): ListedModel {
  const m = listed(id, fields);
  return { model: m.model, raw: { ...m.raw, ...raw } };
}

/** 23 licenses: license-k on k + 1 models (k = 0..22), plus one model with none. */
function licensed(): ListedModel[] {
  const out: ListedModel[] = [];
  for (let k = 0; k < 23; k++) {
    for (let i = 0; i <= k; i++) {
      out.push(
        model(`lic/l${k}-${i}`, { tags: [`license:license-${String(k).padStart(2, '0')}`], downloads: 1 }),
      );
    }
  }
  out.push(model('lic/none', { tags: ['transformers'], downloads: 0 }));
  return out;
}

function lineageModels(): ListedModel[] {
  return [
    model('org/a', { downloads: 1000, createdAt: '2023-05-02T00:00:00.000Z' }),
    model('org/b', { downloads: 500, tags: ['base_model:org/a', 'base_model:finetune:org/a'] }),
    model('org/c', { downloads: 300, tags: ['base_model:quantized:org/b', 'base_model:org/b'] }),
    model('org/d', { downloads: 200, tags: ['base_model:adapter:org/a'] }),
  ];
}

/** The report's data for a catalog of `models` (and, when `top` is given, a selection of the top models). */
async function queried(
  t: { after(fn: () => void): void },
  models: ListedModel[],
  top?: number,
): ReturnType<typeof collectReport> {
  const dataDir = tempDataDir(t);
  seedFinishedCrawl(dataDir, models);
  if (top !== undefined) await select({ dataDir, top, shards: 1 });
  const catalog = openCatalog(dataDir, { readonly: true });
  try {
    return await collectReport(catalog, new Date(0));
  } finally {
    catalog.close();
  }
}

test('category counts keep the top 20, sum the rest as "other", and count missing values as "(none)"', async (t) => {
  const d = await queried(t, licensed());
  assert.equal(d.licenses.length, 21);
  assert.deepEqual(d.licenses[0], { key: 'license-22', count: 23 });
  assert.deepEqual(d.licenses[19], { key: 'license-03', count: 4 });
  // license-02 (3 models), license-01 (2), license-00 (1) and (none) (1).
  assert.deepEqual(d.licenses[20], { key: 'other (4 more)', count: 7 });
  assert.equal(
    d.licenses.reduce((n, c) => n + c.count, 0),
    licensed().length,
  );
  assert.equal(d.zeroDownloads, 1);
});

test('languages from card data (a string or a list), parameters in log bins, access, months', async (t) => {
  const d = await queried(t, [
    model(
      'x/one',
      { cardData: { language: 'en' }, createdAt: '2024-02-10T00:00:00.000Z' },
      { safetensors: { total: 1_000_000_000 } },
    ),
    model(
      'x/two',
      { cardData: { language: ['en', 'fr'] }, gated: 'manual', createdAt: '2024-02-11T00:00:00.000Z' },
      { gguf: { total: 7_000_000 } },
    ),
    model('x/three', { disabled: true, createdAt: '2024-03-01T00:00:00.000Z' }),
  ]);
  assert.deepEqual(d.languages, [
    { key: 'en', count: 2 },
    { key: '(none)', count: 1 },
    { key: 'fr', count: 1 },
  ]);
  assert.deepEqual(
    d.parameters.map((b) => [b.lower, b.count]),
    [
      [5_623_413, 1],
      [1_000_000_000, 1],
    ],
  );
  assert.equal(d.parametersUnknown, 1);
  assert.deepEqual(d.access, [
    { key: 'disabled', count: 1 },
    { key: 'gated (manual)', count: 1 },
    { key: 'open', count: 1 },
  ]);
  assert.deepEqual(d.createdPerMonth, [
    { month: '2024-02', count: 2 },
    { month: '2024-03', count: 1 },
  ]);
});

test('lineage: edges per relation, chain depths and descendants from base_model tags', async (t) => {
  const d = await queried(t, lineageModels());
  assert.deepEqual(d.lineage.edgesByRelation, [
    { key: 'adapter', count: 1 },
    { key: 'finetune', count: 1 },
    { key: 'quantized', count: 1 },
  ]);
  assert.deepEqual(d.lineage.depths, [
    { depth: 1, count: 2 },
    { depth: 2, count: 1 },
  ]);
  assert.deepEqual(d.lineage.topBases, [
    { id: 'org/a', children: 2, descendants: 3 },
    { id: 'org/b', children: 1, descendants: 1 },
  ]);
});

test('downloads by rank include the first, the last and the cut-off rank; the selection share', async (t) => {
  const models = Array.from({ length: 50 }, (_, i) => model(`r/m${i}`, { downloads: (i + 1) * 10 }));
  const d = await queried(t, models, 7);
  const ranks = d.downloadsByRank.map((p) => p.rank);
  assert.equal(ranks[0], 1);
  assert.equal(ranks.at(-1), 50);
  assert.ok(ranks.includes(7));
  for (const p of d.downloadsByRank) assert.equal(p.downloads, (51 - p.rank) * 10);
  const all = (50 * 51 * 10) / 2;
  const top7 = [500, 490, 480, 470, 460, 450, 440].reduce((a, b) => a + b, 0);
  assert.equal(d.selection?.downloadsSelected, top7);
  assert.equal(d.selection?.downloadsAll, all);
  assert.equal(d.download, null);
});
