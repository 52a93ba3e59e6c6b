import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { hubDir, openCatalog } from '../../src/catalog/index.js';
import { CatalogError, SchemaInvalidError } from '../../src/errors.js';
import { type PtmTorrentRecord, exportDataset } from '../../src/export/index.js';
import { select } from '../../src/select/index.js';
import type { ListedModel } from '../../src/types.js';
import { listed, seedFinishedCrawl, tempDataDir } from '../catalog/helpers.js';

const E = 'https://hub.test';

/** A small Hub with the mapping's special cases. */
function hub(): ListedModel[] {
  return [
    listed('google-bert/bert-base-uncased', {
      downloads: 900,
      pipelineTag: 'fill-mask',
      tags: ['transformers', 'dataset:wikipedia', 'arxiv:1810.04805', 'license:apache-2.0'],
      cardData: { datasets: ['bookcorpus', 'wikipedia'], license: 'apache-2.0' },
      config: { model_type: 'bert', architectures: ['BertForMaskedLM'] },
      siblings: ['config.json', 'model.safetensors'],
    }),
    listed('gpt2', { author: null, downloads: 800, config: { architectures: ['GPT2LMHeadModel'] } }),
    listed('org/card-only', { downloads: 700, cardData: { datasets: 'HuggingFaceH4/ultrachat_200k' } }),
    listed('org/doi', { downloads: 600, tags: ['doi:10.57967/hf/0001', 'arxiv:2106.09685'] }),
    listed('Someone/bare', { author: 'someone-else', downloads: 500 }),
    listed('org/unselected', { downloads: 1 }),
  ];
}

async function seedAndSelect(dataDir: string, models: ListedModel[], top = 5): Promise<void> {
  seedFinishedCrawl(dataDir, models, { endpoint: E, pageSize: 4 });
  await select({ dataDir, top, shards: 2 });
}

function readRecords(dataDir: string): PtmTorrentRecord[] {
  return JSON.parse(
    readFileSync(join(hubDir(dataDir), 'json', 'huggingface.json'), 'utf8'),
  ) as PtmTorrentRecord[];
}

test('exports every catalogued raw item and one valid record per selected model, in rank order', async (t) => {
  const dataDir = tempDataDir(t);
  const models = hub();
  await seedAndSelect(dataDir, models);
  const summary = await exportDataset({ dataDir });
  const root = hubDir(dataDir);

  const metadata = JSON.parse(readFileSync(join(root, 'json/metadata/hf_metadata.json'), 'utf8')) as unknown;
  assert.deepEqual(
    metadata,
    models.map((m) => m.raw),
  );
  assert.equal(summary.seed?.metadataItems, 6);
  assert.equal(summary.seed?.metadataFile, join(root, 'json/metadata/hf_metadata.json'));

  const records = readRecords(dataDir);
  assert.equal(summary.seed?.records, 5);
  assert.deepEqual(
    records.map((r) => [r.id, r.ModelName]),
    [
      [0, 'google-bert/bert-base-uncased'],
      [1, 'gpt2'],
      [2, 'org/card-only'],
      [3, 'org/doi'],
      [4, 'Someone/bare'],
    ],
  );
  // Validated independently of the exporter, against the shipped schema.
  const schema = JSON.parse(readFileSync('schema/ptmtorrent.schema.json', 'utf8')) as object;
  const validate = new Ajv2020({ strictTypes: false }).compile(schema);
  for (const record of records) assert.ok(validate(record), JSON.stringify(validate.errors));

  const [bert, gpt2, cardOnly, doi, bare] = records as [
    PtmTorrentRecord,
    PtmTorrentRecord,
    PtmTorrentRecord,
    PtmTorrentRecord,
    PtmTorrentRecord,
  ];
  assert.deepEqual(bert.ModelHub, {
    ModelHubName: 'Hugging Face',
    ModelHubURL: E,
    MetadataFilePath: 'json/metadata/hf_metadata.json',
    MetadataObjectID: 'google-bert/bert-base-uncased',
  });
  assert.deepEqual(
    bert.Datasets?.map((d) => d.DatasetName),
    ['bookcorpus', 'wikipedia'],
  );
  assert.deepEqual(bert.ModelPaperDOIs, ['10.48550/arXiv.1810.04805']);
  assert.equal(bert.ModelArchitecture, 'bert');
  assert.equal(bert.ModelTask, 'fill-mask');
  assert.equal(bert.LatestGitCommitSHA, models[0]?.model.sha);

  assert.equal(gpt2.ModelOwner, 'huggingface.co');
  assert.equal(gpt2.ModelOwnerURL, E);
  assert.equal(gpt2.ModelArchitecture, 'GPT2LMHeadModel');
  assert.equal('Datasets' in gpt2, false);

  assert.deepEqual(cardOnly.Datasets, [
    {
      DatasetName: 'HuggingFaceH4/ultrachat_200k',
      DatasetOwner: 'HuggingFaceH4',
      DatasetURL: `${E}/datasets/HuggingFaceH4/ultrachat_200k`,
      DatasetOwnerURL: `${E}/HuggingFaceH4`,
    },
  ]);
  assert.deepEqual(doi.ModelPaperDOIs, ['10.57967/hf/0001', '10.48550/arXiv.2106.09685']);
  assert.equal(bare.ModelOwner, 'someone-else');
  assert.equal(bare.ModelURL, `${E}/Someone/bare`);

  for (const dir of ['html/metadata/models', 'json/metadata/models', 'repos']) {
    assert.ok(statSync(join(root, dir)).isDirectory(), dir);
  }
  assert.deepEqual(
    readdirSync(join(root, 'json')).sort(),
    ['huggingface.json', 'manifest.json', 'metadata'],
    'no temporary file left',
  );
});

test('ndjson: the same records and raw items, one a line, in .ndjson files', async (t) => {
  const dataDir = tempDataDir(t);
  const models = hub();
  await seedAndSelect(dataDir, models);
  await exportDataset({ dataDir, format: 'json' });
  const asJson = readRecords(dataDir);
  const summary = await exportDataset({ dataDir, format: 'ndjson' });
  const root = hubDir(dataDir);
  assert.equal(summary.seed?.recordsFile, join(root, 'json/huggingface.ndjson'));
  const lines = (path: string) =>
    readFileSync(join(root, path), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as unknown);
  const records = lines('json/huggingface.ndjson') as PtmTorrentRecord[];
  assert.deepEqual(
    records,
    asJson.map((r) => ({
      ...r,
      ModelHub: { ...r.ModelHub, MetadataFilePath: 'json/metadata/hf_metadata.ndjson' },
    })),
  );
  assert.deepEqual(
    lines('json/metadata/hf_metadata.ndjson'),
    models.map((m) => m.raw),
  );
});

test('the downloaded commit, when the ledger knows one, is the record commit', async (t) => {
  const dataDir = tempDataDir(t);
  await seedAndSelect(dataDir, hub());
  const asked: string[] = [];
  await exportDataset({
    dataDir,
    downloadedCommit: (id) => {
      asked.push(id);
      return id === 'gpt2' ? 'c'.repeat(40) : null;
    },
  });
  const records = readRecords(dataDir);
  assert.equal(records[1]?.LatestGitCommitSHA, 'c'.repeat(40));
  assert.equal(records[0]?.LatestGitCommitSHA, hub()[0]?.model.sha);
  assert.equal(asked.length, 5);
});

test('an empty selection exports an empty array and still every raw item', async (t) => {
  const dataDir = tempDataDir(t);
  seedFinishedCrawl(dataDir, hub(), { endpoint: E });
  await select({ dataDir, shrinkage: 0.1, shards: 1 });
  await exportDataset({ dataDir });
  assert.deepEqual(readRecords(dataDir), []);
  const metadata = JSON.parse(readFileSync(join(hubDir(dataDir), 'json/metadata/hf_metadata.json'), 'utf8'));
  assert.equal((metadata as unknown[]).length, 6);
});

test('a record that fails the schema is an error naming the model, and the previous files stay', async (t) => {
  const dataDir = tempDataDir(t);
  await seedAndSelect(dataDir, [...hub(), listed('org/no-sha', { sha: null, downloads: 10_000 })]);
  const root = hubDir(dataDir);
  mkdirSync(join(root, 'json'), { recursive: true });
  writeFileSync(join(root, 'json', 'huggingface.json'), '"previous"');
  await assert.rejects(exportDataset({ dataDir }), (error: unknown) => {
    assert.ok(error instanceof SchemaInvalidError);
    assert.equal(error.repoId, 'org/no-sha');
    assert.match(error.message, /org\/no-sha.*LatestGitCommitSHA/);
    return true;
  });
  assert.equal(readFileSync(join(root, 'json', 'huggingface.json'), 'utf8'), '"previous"');
  assert.equal(existsSync(join(root, 'json/metadata/hf_metadata.json')), false);
  assert.deepEqual(readdirSync(join(root, 'json')).sort(), ['huggingface.json', 'metadata']);
});

test('export needs a finished crawl and a selection taken from it', async (t) => {
  const dataDir = tempDataDir(t);
  await assert.rejects(exportDataset({ dataDir }), /no catalog in .*: run `hftorrent crawl`/);
  seedFinishedCrawl(dataDir, hub(), { endpoint: E });
  await assert.rejects(exportDataset({ dataDir }), /no selection yet; run `hftorrent select` first/);
  await select({ dataDir, top: 2, shards: 1 });
  seedFinishedCrawl(dataDir, hub(), { endpoint: E }); // a newer crawl
  await assert.rejects(exportDataset({ dataDir }), (error: unknown) => {
    assert.ok(error instanceof CatalogError);
    assert.match(error.message, /taken from crawl #1, but the latest finished crawl is #2/);
    return true;
  });
});

test('hf_metadata.json streams a catalogue larger than one batch, byte-for-byte the stored items', async (t) => {
  const dataDir = tempDataDir(t);
  const models = Array.from({ length: 3210 }, (_, i) =>
    listed(`org${i % 17}/m-${i}`, {
      downloads: i % 101,
      tags: ['a', `arxiv:2101.${String(i).padStart(5, '0')}`],
      cardData: { datasets: [`d/${i % 5}`], note: 'ü ✓ "quoted"' },
    }),
  );
  seedFinishedCrawl(dataDir, models, { endpoint: E, pageSize: 1000 });
  await select({ dataDir, shrinkage: 0.5, shards: 3 });
  const summary = await exportDataset({ dataDir });
  const text = readFileSync(summary.seed?.metadataFile ?? '', 'utf8');
  assert.equal(Buffer.byteLength(text), summary.seed?.metadataBytes);
  assert.deepEqual(
    JSON.parse(text),
    models.map((m) => m.raw),
  );
  assert.equal(readRecords(dataDir).length, 1605);
  const catalog = openCatalog(dataDir);
  t.after(() => catalog.close());
  assert.equal(catalog.selections.current()?.count, 1605);
});
