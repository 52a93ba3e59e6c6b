import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { InvalidRepoIdError } from '../errors.js';
import { isValidRepoId, LEGACY_NAMESPACE, repoFolder, repoFolderSegments } from './repo-folder.js';

test('namespaced ids map to repos/AUTHOR/MODEL', () => {
  assert.deepEqual(repoFolderSegments('openai-community/gpt2'), ['openai-community', 'gpt2']);
  assert.equal(repoFolder('/d/repos', 'A_b/c.d-e'), join('/d/repos', 'A_b', 'c.d-e'));
});

test('legacy single-segment ids map to repos/huggingface.co/NAME', () => {
  assert.deepEqual(repoFolderSegments('gpt2'), [LEGACY_NAMESPACE, 'gpt2']);
  assert.equal(
    repoFolder('/d/repos', 'bert-base-uncased'),
    join('/d/repos', 'huggingface.co', 'bert-base-uncased'),
  );
});

test('ids that break the Hub rules are refused before they become paths', () => {
  const bad = [
    '',
    '/',
    'a/',
    '/a',
    'a/b/c',
    '..',
    '../x',
    'a/..',
    'a/.',
    '.a/b',
    'a-/b',
    'a/b.',
    'a/-b',
    'a--b/c',
    'a/b..c',
    'a/b.git',
    'a/b c',
    'a/b\\c',
    'a\0/b',
    'a/ü',
    'x'.repeat(97),
    `a/${'y'.repeat(97)}`,
  ];
  for (const id of bad) {
    assert.throws(() => repoFolderSegments(id), InvalidRepoIdError, id);
    assert.equal(isValidRepoId(id), false, id);
  }
  assert.equal(isValidRepoId(`${'x'.repeat(96)}/${'y'.repeat(96)}`), true);
  assert.equal(isValidRepoId('a.b/c_d'), true);
});
