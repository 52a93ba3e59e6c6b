import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModelRecord } from '../types.js';
import { stringList, toModelRow } from './model-row.js';

const base: ModelRecord = {
  id: 'org/m',
  mongoId: '621ffdc036468d709f17434d',
  author: 'org',
  sha: 'a'.repeat(40),
  lastModified: '2024-01-01T00:00:00.000Z',
  createdAt: '2022-03-02T23:29:04.000Z',
  private: false,
  gated: false,
  disabled: false,
  downloads: 12,
  downloadsAllTime: 40,
  likes: 3,
  libraryName: 'transformers',
  pipelineTag: 'fill-mask',
  tags: ['arxiv:1810.04805'],
  cardData: { datasets: ['bookcorpus', 'wikipedia'], license: 'apache-2.0' },
  config: { model_type: 'bert', architectures: ['BertForMaskedLM'] },
  siblings: ['config.json'],
  usedStorage: 100,
  trendingScore: null,
  safetensors: null,
  gguf: null,
};

test('toModelRow maps the record to typed columns and keeps the raw item verbatim', () => {
  const raw = { _id: base.mongoId, id: 'org/m', weird: { nested: [1, 'x'] } };
  const row = toModelRow({ model: base, raw });
  assert.equal(row.id, 'org/m');
  assert.equal(row.private, 0);
  assert.equal(row.gated, null);
  assert.equal(row.downloads, 12);
  assert.equal(row.card_datasets, '["bookcorpus","wikipedia"]');
  assert.equal(row.model_type, 'bert');
  assert.equal(row.architectures, '["BertForMaskedLM"]');
  assert.deepEqual(JSON.parse(row.raw), raw);
});

test('toModelRow: gated kinds, missing config and card data, fractional or absent counters', () => {
  const row = toModelRow({
    model: {
      ...base,
      gated: 'manual',
      disabled: true,
      private: true,
      config: null,
      cardData: null,
      downloads: 2.7,
    },
    raw: {},
  });
  assert.equal(row.gated, 'manual');
  assert.equal(row.disabled, 1);
  assert.equal(row.private, 1);
  assert.equal(row.model_type, null);
  assert.equal(row.architectures, '[]');
  assert.equal(row.card_datasets, '[]');
  assert.equal(row.downloads, 2);
  assert.equal(toModelRow({ model: { ...base, downloads: Number.NaN }, raw: {} }).downloads, 0);
});

test('stringList: a single string, a list, and junk', () => {
  assert.deepEqual(stringList('squad'), ['squad']);
  assert.deepEqual(stringList([' squad ', 3, null, '', 'glue']), ['squad', 'glue']);
  assert.deepEqual(stringList(undefined), []);
  assert.deepEqual(stringList({ a: 1 }), []);
});
