import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFileFilter, isPassThrough } from './file-filter.js';

const files = [
  '.gitattributes',
  'README.md',
  'config.json',
  'model.safetensors',
  'onnx/model.onnx',
  'onnx/sub/x.onnx',
  'sub/model.safetensors',
  'pytorch_model.bin',
];

const keep = (include: string[], exclude: string[] = []) =>
  files.filter(createFileFilter({ include, exclude }));

test('no patterns keep everything', () => {
  assert.deepEqual(keep([]), files);
  assert.equal(isPassThrough({}), true);
  assert.equal(isPassThrough({ include: ['*'] }), false);
});

test('a star crosses folders and matches dotfiles, like fnmatch', () => {
  assert.deepEqual(keep(['*.safetensors']), ['model.safetensors', 'sub/model.safetensors']);
  assert.deepEqual(keep(['*']), files);
  assert.deepEqual(keep(['.git*']), ['.gitattributes']);
});

test('includes are OR-ed, excludes win', () => {
  assert.deepEqual(keep(['*.json', '*.md']), ['README.md', 'config.json']);
  assert.deepEqual(keep(['*'], ['*.bin', '*.onnx']), [
    '.gitattributes',
    'README.md',
    'config.json',
    'model.safetensors',
    'sub/model.safetensors',
  ]);
  assert.deepEqual(
    keep([], ['onnx/']),
    files.filter((f) => !f.startsWith('onnx/')),
  );
});

test('a folder pattern ending in "/" means everything below it; matching is case-sensitive', () => {
  assert.deepEqual(keep(['onnx/']), ['onnx/model.onnx', 'onnx/sub/x.onnx']);
  assert.deepEqual(keep(['*.JSON']), []);
  assert.deepEqual(keep(['config.json']), ['config.json']);
});
