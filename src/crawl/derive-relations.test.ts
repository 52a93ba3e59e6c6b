import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModelRecord } from '../types.js';
import { listed } from '../../test/catalog/helpers.js';
import { deriveRelations, normalizePaper, normalizeRepoId } from './derive-relations.js';

function record(fields: Partial<ModelRecord>): ModelRecord {
  const base = { libraryName: 'transformers', pipelineTag: 'question-answering', sha: null };
  return listed('deepset/roberta-base-squad2', { ...base, ...fields }).model;
}

test('a Hub item (tags, card, config, safetensors) becomes its relations, each fact once with its source', () => {
  const r = deriveRelations(
    record({
      // The tags of deepset/roberta-base-squad2 as the Hub serves them (protocol reference, example 1).
      tags: [
        'transformers',
        'pytorch',
        'safetensors',
        'roberta',
        'question-answering',
        'en',
        'dataset:squad_v2',
        'base_model:FacebookAI/roberta-base',
        'base_model:finetune:FacebookAI/roberta-base',
        'license:cc-by-4.0',
        'arxiv:1907.11692',
        'model-index',
        'endpoints_compatible',
        'region:us',
      ],
      cardData: {
        language: 'en',
        license: 'cc-by-4.0',
        datasets: ['squad_v2', 'squad'],
        base_model: ['FacebookAI/roberta-base'],
        library_name: 'transformers',
      },
      config: { architectures: ['RobertaForQuestionAnswering'], model_type: 'roberta' },
      safetensors: { total: 124057092, parameters: { F32: 124056578, I64: 514 } },
    }),
  );
  assert.deepEqual(r.authors, [{ name: 'deepset', source: 'listing' }]);
  assert.deepEqual(r.licenses, [
    { name: 'cc-by-4.0', source: 'card+tag', licenseName: null, licenseLink: null },
  ]);
  assert.deepEqual(r.datasets, [
    { name: 'squad_v2', source: 'card+tag' },
    { name: 'squad', source: 'card' },
  ]);
  assert.deepEqual(r.papers, [{ name: 'arxiv:1907.11692', source: 'tag', arxivId: '1907.11692', doi: null }]);
  assert.deepEqual(r.languages, [{ name: 'en', source: 'card+tag' }]);
  assert.deepEqual(r.libraries, [{ name: 'transformers', source: 'listing' }]);
  assert.equal(r.tags.length, 14);
  assert.deepEqual(r.architectures, [{ name: 'RobertaForQuestionAnswering', source: 'config' }]);
  assert.deepEqual(r.baseModels, [
    { baseId: 'FacebookAI/roberta-base', relation: 'finetune', source: 'card+tag' },
  ]);
  assert.deepEqual(r.parameters, [
    { dtype: 'F32', count: 124056578 },
    { dtype: 'I64', count: 514 },
  ]);
});

test('lineage: typed tags win over the untyped tag; the card relation types card-only bases; merges have several', () => {
  const quantized = deriveRelations(
    record({
      tags: ['base_model:org/base', 'base_model:quantized:org/base'],
      cardData: { base_model: 'https://huggingface.co/org/base' },
    }),
  );
  assert.deepEqual(quantized.baseModels, [{ baseId: 'org/base', relation: 'quantized', source: 'card+tag' }]);

  const merge = deriveRelations(
    record({ cardData: { base_model: ['a/one', 'b/two', 'not a repo id'], base_model_relation: 'merge' } }),
  );
  assert.deepEqual(merge.baseModels, [
    { baseId: 'a/one', relation: 'merge', source: 'card' },
    { baseId: 'b/two', relation: 'merge', source: 'card' },
  ]);

  const untyped = deriveRelations(record({ tags: ['base_model:legacy-name'] }));
  assert.deepEqual(untyped.baseModels, [{ baseId: 'legacy-name', relation: 'unknown', source: 'tag' }]);

  const odd = deriveRelations(
    record({ cardData: { base_model: 'x/y', base_model_relation: 'distillation' } }),
  );
  assert.equal(odd.baseModels[0]?.relation, 'unknown', 'a relation the Hub does not define is unknown');
});

test('"other" licenses keep the card license_name and license_link; a legacy id has no author', () => {
  const r = deriveRelations(
    record({
      id: 'gpt2',
      author: null,
      tags: ['license:other'],
      cardData: { license: 'other', license_name: 'acme-research-license', license_link: 'LICENSE' },
    }),
  );
  assert.deepEqual(r.licenses, [
    { name: 'other', source: 'card+tag', licenseName: 'acme-research-license', licenseLink: 'LICENSE' },
  ]);
  assert.deepEqual(r.authors, []);
  const namespaced = deriveRelations(record({ id: 'org/x', author: null }));
  assert.deepEqual(namespaced.authors, [{ name: 'org', source: 'listing' }], 'author from the id prefix');
});

test('papers are normalized: arXiv without version, DOIs lower-cased, junk dropped', () => {
  assert.deepEqual(normalizePaper('arxiv:2106.09685v2'), {
    name: 'arxiv:2106.09685',
    source: 'tag',
    arxivId: '2106.09685',
    doi: null,
  });
  assert.equal(normalizePaper('arxiv:hep-th/9901001')?.name, 'arxiv:hep-th/9901001');
  assert.equal(normalizePaper('doi:10.57967/HF/1234')?.name, 'doi:10.57967/hf/1234');
  assert.equal(normalizePaper('doi:https://doi.org/10.1000/XYZ')?.doi, '10.1000/xyz');
  assert.equal(normalizePaper('arxiv:not-a-paper'), null);
  const r = deriveRelations(record({ tags: ['arxiv:2106.09685', 'arxiv:2106.09685v3', 'doi:10.1234/x'] }));
  assert.equal(r.papers.length, 2, 'two spellings of one paper are one paper');
});

test('languages: card values and bare ISO 639-1 tags, not other short tags', () => {
  const r = deriveRelations(
    record({ tags: ['en', 'fr', 'tf', 'jax', 'multilingual'], cardData: { language: ['DE'] } }),
  );
  assert.deepEqual(
    r.languages.map((l) => l.name),
    ['en', 'fr', 'multilingual', 'de'],
  );
});

test('repo ids from cards: bare or Hub URLs; spaces and paths are not ids', () => {
  assert.equal(normalizeRepoId(' org/name '), 'org/name');
  assert.equal(normalizeRepoId('https://huggingface.co/org/name/'), 'org/name');
  assert.equal(normalizeRepoId('some model'), null);
  assert.equal(normalizeRepoId('a/b/c'), null);
});
