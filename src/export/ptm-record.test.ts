import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CatalogModel } from '../catalog/index.js';
import { datasetsOf, paperDois, toPtmTorrentRecord } from './ptm-record.js';

const E = 'https://hub.test';
const META = 'json/metadata/hf_metadata.json';

function model(fields: Partial<CatalogModel> = {}): CatalogModel {
  return {
    id: 'google-bert/bert-base-uncased',
    seq: 0,
    author: 'google-bert',
    sha: '86b5e0934494bd15c9632b12f734a8a67f723594',
    downloads: 10,
    likes: 1,
    private: false,
    gated: null,
    disabled: false,
    pipelineTag: 'fill-mask',
    libraryName: 'transformers',
    tags: [],
    cardDatasets: [],
    modelType: 'bert',
    architectures: ['BertForMaskedLM'],
    ...fields,
  };
}

test('a full record, in the schema property order', () => {
  const record = toPtmTorrentRecord({
    rank: 3,
    model: model({ tags: ['dataset:wikipedia', 'arxiv:1810.04805'], cardDatasets: ['bookcorpus'] }),
    endpoint: E,
    metadataFilePath: META,
    downloadedCommit: null,
  });
  assert.deepEqual(Object.keys(record), [
    'id',
    'ModelHub',
    'ModelName',
    'ModelOwner',
    'ModelURL',
    'ModelOwnerURL',
    'Datasets',
    'ModelPaperDOIs',
    'LatestGitCommitSHA',
    'ModelTask',
    'ModelArchitecture',
  ]);
  assert.deepEqual(record, {
    id: 3,
    ModelHub: {
      ModelHubName: 'Hugging Face',
      ModelHubURL: E,
      MetadataFilePath: META,
      MetadataObjectID: 'google-bert/bert-base-uncased',
    },
    ModelName: 'google-bert/bert-base-uncased',
    ModelOwner: 'google-bert',
    ModelURL: `${E}/google-bert/bert-base-uncased`,
    ModelOwnerURL: `${E}/google-bert`,
    Datasets: [
      {
        DatasetName: 'bookcorpus',
        DatasetOwner: 'huggingface.co',
        DatasetURL: `${E}/datasets/bookcorpus`,
        DatasetOwnerURL: E,
      },
      {
        DatasetName: 'wikipedia',
        DatasetOwner: 'huggingface.co',
        DatasetURL: `${E}/datasets/wikipedia`,
        DatasetOwnerURL: E,
      },
    ],
    ModelPaperDOIs: ['10.48550/arXiv.1810.04805'],
    LatestGitCommitSHA: '86b5e0934494bd15c9632b12f734a8a67f723594',
    ModelTask: 'fill-mask',
    ModelArchitecture: 'bert',
  });
});

test('owner: author, else the namespace, else huggingface.co for a legacy id (owner URL: the Hub)', () => {
  const rec = (fields: Partial<CatalogModel>) =>
    toPtmTorrentRecord({
      rank: 0,
      model: model(fields),
      endpoint: E,
      metadataFilePath: META,
      downloadedCommit: null,
    });
  assert.equal(rec({ id: 'a/b', author: 'Someone' }).ModelOwner, 'Someone');
  assert.equal(rec({ id: 'ns/b', author: null }).ModelOwner, 'ns');
  assert.equal(rec({ id: 'ns/b', author: '' }).ModelOwnerURL, `${E}/ns`);
  const legacy = rec({ id: 'gpt2', author: null });
  assert.equal(legacy.ModelOwner, 'huggingface.co');
  assert.equal(legacy.ModelOwnerURL, E);
  assert.equal(legacy.ModelURL, `${E}/gpt2`);
});

test('optional fields without a value are left out; the downloaded commit wins over the listing sha', () => {
  const record = toPtmTorrentRecord({
    rank: 0,
    model: model({ pipelineTag: null, modelType: null, architectures: [], tags: ['license:mit'] }),
    endpoint: E,
    metadataFilePath: META,
    downloadedCommit: 'b'.repeat(40),
  });
  for (const key of ['Datasets', 'ModelPaperDOIs', 'ModelTask', 'ModelArchitecture']) {
    assert.equal(key in record, false, key);
  }
  assert.equal(record.LatestGitCommitSHA, 'b'.repeat(40));
  const noSha = toPtmTorrentRecord({
    rank: 0,
    model: model({ sha: null }),
    endpoint: E,
    metadataFilePath: META,
    downloadedCommit: null,
  });
  assert.equal('LatestGitCommitSHA' in noSha, false);
});

test('architecture: config.model_type, else the first config.architectures entry', () => {
  const rec = (fields: Partial<CatalogModel>) =>
    toPtmTorrentRecord({
      rank: 0,
      model: model(fields),
      endpoint: E,
      metadataFilePath: META,
      downloadedCommit: null,
    });
  assert.equal(
    rec({ modelType: null, architectures: ['LlamaForCausalLM', 'X'] }).ModelArchitecture,
    'LlamaForCausalLM',
  );
  assert.equal(rec({ modelType: 'llama', architectures: ['LlamaForCausalLM'] }).ModelArchitecture, 'llama');
});

test('paper DOIs: doi tags as given, then arXiv DOIs, deduplicated', () => {
  assert.deepEqual(
    paperDois(['arxiv:2106.09685', 'doi:10.57967/hf/0001', 'arxiv:2106.09685', 'arxiv:', 'pytorch']),
    ['10.57967/hf/0001', '10.48550/arXiv.2106.09685'],
  );
  assert.deepEqual(paperDois(['doi:10.48550/arXiv.2106.09685', 'arxiv:2106.09685']), [
    '10.48550/arXiv.2106.09685',
  ]);
  assert.deepEqual(paperDois([]), []);
});

test('datasets: card data then dataset tags, deduplicated, free text dropped, owners from the namespace', () => {
  const datasets = datasetsOf(
    {
      cardDatasets: ['HuggingFaceH4/ultrachat_200k', 'squad', 'my custom data'],
      tags: ['dataset:squad', 'dataset:a/b'],
    },
    E,
  );
  assert.deepEqual(
    datasets.map((d) => [d.DatasetName, d.DatasetOwner, d.DatasetURL, d.DatasetOwnerURL]),
    [
      [
        'HuggingFaceH4/ultrachat_200k',
        'HuggingFaceH4',
        `${E}/datasets/HuggingFaceH4/ultrachat_200k`,
        `${E}/HuggingFaceH4`,
      ],
      ['squad', 'huggingface.co', `${E}/datasets/squad`, E],
      ['a/b', 'a', `${E}/datasets/a/b`, `${E}/a`],
    ],
  );
});
