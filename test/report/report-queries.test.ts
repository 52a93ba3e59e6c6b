/**
 * The report's aggregates over a small hand-made catalog whose every figure is known in advance, and the
 * report's counts against SQL over the catalog's own PeaTMOSS views (one derivation decides each fact).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { ensureRelations } from '../../src/crawl/ensure-relations.js';
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

/**
 * A finished crawl of `models` with its relation tables derived (as a crawl does), and, when `top` is given,
 * a selection of the top models.
 */
async function seeded(
  t: { after(fn: () => void): void },
  models: ListedModel[],
  top?: number,
): Promise<string> {
  const dataDir = tempDataDir(t);
  const snapshotId = seedFinishedCrawl(dataDir, models);
  const catalog = openCatalog(dataDir);
  try {
    ensureRelations(catalog, snapshotId);
  } finally {
    catalog.close();
  }
  if (top !== undefined) await select({ dataDir, top, shards: 1 });
  return dataDir;
}

async function reportOf(dataDir: string): ReturnType<typeof collectReport> {
  const catalog = openCatalog(dataDir, { readonly: true });
  try {
    return await collectReport(catalog, new Date(0));
  } finally {
    catalog.close();
  }
}

/** The report's data for a catalog of `models` (and, when `top` is given, a selection of the top models). */
async function queried(
  t: { after(fn: () => void): void },
  models: ListedModel[],
  top?: number,
): ReturnType<typeof collectReport> {
  return reportOf(await seeded(t, models, top));
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

/** Facts stated twice or several ways: the derivation merges them, and the report must count what it wrote. */
function mixedModels(): ListedModel[] {
  return [
    model('m/base', {
      tags: ['license:mit', 'en'],
      libraryName: 'transformers',
      config: { architectures: ['LlamaForCausalLM'] },
      cardData: { license: 'Apache-2.0', language: ['en', 'FR'], library_name: 'peft' },
    }),
    model('m/ft', {
      tags: ['license:mit', 'base_model:finetune:m/base', 'base_model:m/base'],
      config: { architectures: ['LlamaForCausalLM', 'LlamaModel'] },
      cardData: { base_model: 'https://huggingface.co/m/base' },
    }),
    model('m/merge', {
      tags: ['base_model:merge:m/ft', 'base_model:merge:m/base', 'de'],
      cardData: { base_model: ['outside/x'], base_model_relation: 'merge' },
    }),
    model('m/untyped', { tags: ['base_model:m/merge'], libraryName: 'gguf' }, { gguf: { total: 3_000_000 } }),
    model(
      'm/none',
      { tags: ['transformers'] },
      { safetensors: { total: 20_000, parameters: { F32: 20_000 } } },
    ),
  ];
}

type Row = { key: string; count: number };
const byKey = (rows: readonly Row[]): Row[] => [...rows].sort((a, b) => a.key.localeCompare(b.key));

test("the report's counts are SQL over the catalog's relation views (model_to_license, model_to_base_model, ...)", async (t) => {
  const dataDir = await seeded(t, mixedModels());
  const d = await reportOf(dataDir);
  const catalog = openCatalog(dataDir, { readonly: true });
  try {
    const sql = (query: string): Row[] => catalog.db.prepare<[], Row>(query).all();
    const named = (one: string): Row[] =>
      sql(`SELECT n.name AS key, count(*) AS count FROM model_to_${one} AS l JOIN ${one} AS n ON n.id = l.${one}_id
            GROUP BY n.name
           UNION ALL
           SELECT '(none)', (SELECT count(*) FROM model) - count(DISTINCT model_id) FROM model_to_${one}
           HAVING (SELECT count(*) FROM model) > count(DISTINCT model_id)`);
    assert.deepEqual(byKey(d.licenses), byKey(named('license')));
    assert.deepEqual(byKey(d.libraries), byKey(named('library')));
    assert.deepEqual(byKey(d.languages), byKey(named('language')));
    assert.deepEqual(byKey(d.architectures), byKey(named('architecture')));
    assert.deepEqual(
      byKey(d.lineage.edgesByRelation),
      byKey(sql('SELECT relation AS key, count(*) AS count FROM model_to_base_model GROUP BY relation')),
    );
    assert.deepEqual(
      byKey(d.lineage.topBases.map((b) => ({ key: b.id, count: b.children }))),
      byKey(sql('SELECT base_context_id AS key, count(*) AS count FROM model_to_base_model GROUP BY 1')),
    );
    const unknown = sql(
      `SELECT 'unknown' AS key, count(*) AS count FROM model WHERE coalesce(parameters, gguf_parameters) IS NULL`,
    );
    assert.equal(d.parametersUnknown, unknown[0]?.count);
  } finally {
    catalog.close();
  }
  // And what the derivation made of them, so that the comparison above is not between two empty sets.
  assert.deepEqual(byKey(d.licenses), [
    { key: '(none)', count: 3 },
    { key: 'apache-2.0', count: 1 },
    { key: 'mit', count: 2 },
  ]);
  assert.deepEqual(byKey(d.lineage.edgesByRelation), [
    { key: 'finetune', count: 1 },
    { key: 'merge', count: 3 },
    { key: 'unknown', count: 1 },
  ]);
  // m/merge's first base is m/base (by id), so the chain of m/untyped passes m/merge and m/base only.
  assert.deepEqual(d.lineage.topBases, [
    { id: 'm/base', children: 2, descendants: 3 },
    { id: 'm/ft', children: 1, descendants: 0 },
    { id: 'm/merge', children: 1, descendants: 1 },
    { id: 'outside/x', children: 1, descendants: 0 },
  ]);
  assert.equal(d.relationsMissing, null);
});
