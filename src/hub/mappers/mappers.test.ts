import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapListedModel, mapModelRecord } from './map-model-record.js';
import { mapSiblingFiles, mapTreeEntry } from './map-repo-file.js';
import { WireReader } from './wire-reader.js';

const URL_ = 'http://127.0.0.1:1/api/models?limit=2';
const reader = new WireReader(URL_);
const SHA256 = '248dfc3911869ec493c76e65bf2fcf7f615828b0254c12b473182f0f81d3a707';

describe('mapListedModel', () => {
  it('maps a full item and keeps raw as received', () => {
    const item = {
      _id: '621ffdc136468d709f17a5fd',
      id: 'deepset/roberta-base-squad2',
      modelId: 'deepset/roberta-base-squad2',
      author: 'deepset',
      sha: 'adc3b06f79f797d1c575d5479d6f5efe54a9e3b4',
      lastModified: '2024-09-24T15:48:47.000Z',
      createdAt: '2022-03-02T23:29:05.000Z',
      private: false,
      gated: 'manual',
      disabled: false,
      downloads: 1801802,
      downloadsAllTime: 9000000,
      likes: 842,
      library_name: 'transformers',
      pipeline_tag: 'question-answering',
      tags: ['transformers', 'license:cc-by-4.0'],
      cardData: { license: 'cc-by-4.0' },
      config: { model_type: 'roberta' },
      siblings: [{ rfilename: '.gitattributes' }, { rfilename: 'config.json' }],
      usedStorage: 3943613347,
      trendingScore: 5,
      safetensors: { parameters: { F32: 124056578, I64: 514 }, total: 124057092 },
      gguf: { total: 999885952, architecture: 'gemma3', context_length: 32768, chat_template: '{{x}}' },
      somethingNew: { kept: true },
    };
    const listed = mapListedModel(item, reader, 0);
    assert.equal(listed.raw, item, 'raw is the very object received');
    assert.deepEqual(listed.model, {
      id: 'deepset/roberta-base-squad2',
      mongoId: '621ffdc136468d709f17a5fd',
      author: 'deepset',
      sha: 'adc3b06f79f797d1c575d5479d6f5efe54a9e3b4',
      lastModified: '2024-09-24T15:48:47.000Z',
      createdAt: '2022-03-02T23:29:05.000Z',
      private: false,
      gated: 'manual',
      disabled: false,
      downloads: 1801802,
      downloadsAllTime: 9000000,
      likes: 842,
      libraryName: 'transformers',
      pipelineTag: 'question-answering',
      tags: ['transformers', 'license:cc-by-4.0'],
      cardData: { license: 'cc-by-4.0' },
      config: { model_type: 'roberta' },
      siblings: ['.gitattributes', 'config.json'],
      usedStorage: 3943613347,
      trendingScore: 5,
      safetensors: { total: 124057092, parameters: { F32: 124056578, I64: 514 } },
      gguf: { total: 999885952, architecture: 'gemma3', contextLength: 32768, hasChatTemplate: true },
    });
  });

  it('tolerates a legacy item with almost nothing', () => {
    const { model } = mapListedModel({ id: 'gpt2', config: null, cardData: null }, reader, 3);
    assert.equal(model.author, null);
    assert.equal(model.gated, false);
    assert.equal(model.downloads, 0);
    assert.equal(model.likes, 0);
    assert.equal(model.private, false);
    assert.equal(model.disabled, false);
    assert.deepEqual(model.tags, []);
    assert.deepEqual(model.siblings, []);
    assert.equal(model.safetensors, null);
    assert.equal(model.gguf, null);
    assert.equal(model.config, null);
    assert.equal(model.downloadsAllTime, null);
  });

  it('maps every gated value', () => {
    for (const [value, expected] of [
      [false, false],
      ['auto', 'auto'],
      ['manual', 'manual'],
      [true, 'manual'],
      [undefined, false],
    ] as const) {
      assert.equal(mapListedModel({ id: 'a/b', gated: value }, reader, 0).model.gated, expected);
    }
  });

  it('rejects wrong types, naming the URL and the field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /item 7 should be an object/],
      [[1], /item 7 should be an object/],
      [{ modelId: 'x' }, /item 7\.id should be a string, got nothing/],
      [{ id: 5 }, /item 7\.id should be a string/],
      [{ id: '' }, /item 7\.id should be a repo id/],
      [{ id: 'a/b', downloads: '12' }, /item 7\.downloads should be a number, got the string "12"/],
      [{ id: 'a/b', tags: ['x', 3] }, /item 7\.tags\[1\] should be a string/],
      [{ id: 'a/b', gated: 3 }, /item 7\.gated should be false, "auto" or "manual"/],
      [{ id: 'a/b', private: 'no' }, /item 7\.private should be a boolean/],
      [{ id: 'a/b', siblings: [{ name: 'x' }] }, /item 7\.siblings\[0\]\.rfilename should be a string/],
      [{ id: 'a/b', cardData: [] }, /item 7\.cardData should be an object/],
    ];
    for (const [item, pattern] of cases) {
      assert.throws(
        () => mapListedModel(item, reader, 7),
        (error: Error & { code?: string; url?: string }) =>
          error.code === 'BAD_RESPONSE' && error.url === URL_ && pattern.test(error.message),
        JSON.stringify(item),
      );
    }
  });

  it('maps a model-info body the same way', () => {
    assert.equal(mapModelRecord({ id: 'a/b', sha: 'c' }, reader, 'model').sha, 'c');
  });
});

describe('mapSiblingFiles', () => {
  it('maps siblings with blobs, lfs.sha256 becomes the LFS hash', () => {
    const files = mapSiblingFiles(
      [
        { rfilename: 'config.json', size: 665, blobId: '10c66461e4c109db5a2196bff4bb59be30396ed8' },
        {
          rfilename: 'model.safetensors',
          blobId: '44b36d6e32d13c8fb28b0feab0ac8bfefa7efeda',
          size: 548105171,
          lfs: { sha256: SHA256, size: 548105171, pointerSize: 134 },
        },
      ],
      reader,
    );
    assert.deepEqual(files, [
      { path: 'config.json', size: 665, blobId: '10c66461e4c109db5a2196bff4bb59be30396ed8', lfs: null },
      {
        path: 'model.safetensors',
        size: 548105171,
        blobId: '44b36d6e32d13c8fb28b0feab0ac8bfefa7efeda',
        lfs: { sha256: SHA256, size: 548105171, pointerSize: 134 },
      },
    ]);
  });
  it('is null when siblings carry no sizes, or are absent', () => {
    assert.equal(mapSiblingFiles([{ rfilename: 'a' }], reader), null);
    assert.equal(
      mapSiblingFiles(
        [{ rfilename: 'a', size: 1, blobId: 'ba5d19791be1dd7992e33bd61f20207b0f7f50a5' }, { rfilename: 'b' }],
        reader,
      ),
      null,
    );
    assert.equal(mapSiblingFiles(undefined, reader), null);
    assert.deepEqual(mapSiblingFiles([], reader), []);
  });
  it('rejects a malformed lfs block', () => {
    assert.throws(
      () =>
        mapSiblingFiles(
          [
            {
              rfilename: 'a',
              size: 1,
              blobId: 'ba5d19791be1dd7992e33bd61f20207b0f7f50a5',
              lfs: { sha256: 'nothex', size: 1 },
            },
          ],
          reader,
        ),
      {
        code: 'BAD_RESPONSE',
      },
    );
  });
});

describe('mapTreeEntry', () => {
  it('maps files (lfs.oid becomes the LFS hash, oid the blob id) and skips directories', () => {
    assert.deepEqual(
      mapTreeEntry(
        {
          lfs: { oid: SHA256, size: 440473133, pointerSize: 134 },
          xetHash: '2d8408d3a894d02517d04956e2f7546ff08362594072f3527ce144b5212a3296',
          oid: 'ba5d19791be1dd7992e33bd61f20207b0f7f50a5',
          path: 'pytorch_model.bin',
          size: 440473133,
          type: 'file',
        },
        reader,
        'entry 0',
      ),
      {
        path: 'pytorch_model.bin',
        size: 440473133,
        blobId: 'ba5d19791be1dd7992e33bd61f20207b0f7f50a5',
        lfs: { sha256: SHA256, size: 440473133, pointerSize: 134 },
      },
    );
    assert.equal(
      mapTreeEntry({ type: 'directory', oid: 'x', size: 0, path: 'onnx' }, reader, 'entry 1'),
      null,
    );
  });
  it('rejects a file without its oid or size', () => {
    assert.throws(
      () => mapTreeEntry({ type: 'file', path: 'a', size: 1 }, reader, 'entry 2'),
      /entry 2\.oid should be a string/,
    );
    assert.throws(
      () =>
        mapTreeEntry(
          { type: 'file', path: 'a', oid: 'ba5d19791be1dd7992e33bd61f20207b0f7f50a5', size: '1' },
          reader,
          'entry 2',
        ),
      /entry 2\.size should be a size in bytes/,
    );
  });
  it('rejects sizes that are not safe non-negative integers, and blob ids that are not hex', () => {
    for (const size of [-1, 1.5, 1e300]) {
      assert.throws(
        () =>
          mapTreeEntry(
            { type: 'file', path: 'a', oid: 'ba5d19791be1dd7992e33bd61f20207b0f7f50a5', size },
            reader,
            'entry 3',
          ),
        /entry 3\.size should be a size in bytes \(a non-negative integer\)/,
      );
      assert.throws(
        () =>
          mapSiblingFiles(
            [{ rfilename: 'a', size, blobId: 'ba5d19791be1dd7992e33bd61f20207b0f7f50a5' }],
            reader,
          ),
        /siblings\[0\]\.size should be a size in bytes/,
      );
    }
    assert.throws(
      () => mapTreeEntry({ type: 'file', path: 'a', oid: '../../etc', size: 1 }, reader, 'entry 4'),
      /entry 4\.oid should be a git object id/,
    );
  });
});
