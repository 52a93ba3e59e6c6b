import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { UnsafePathError } from '../errors.js';
import { resolveInside, safePathSegments } from './safe-path.js';

test('plain relative paths, including spaces, dots inside names and non-ASCII, are accepted', () => {
  assert.deepEqual(safePathSegments('config.json'), ['config.json']);
  assert.deepEqual(safePathSegments('a b/ünï côdé.txt'), ['a b', 'ünï côdé.txt']);
  assert.deepEqual(safePathSegments('.gitattributes'), ['.gitattributes']);
  assert.deepEqual(safePathSegments('a/..b/c..'), ['a', '..b', 'c..']);
  assert.equal(resolveInside('/data/repo', 'x/y.bin'), join('/data/repo', 'x', 'y.bin'));
});

test('paths that could escape or be misread are refused with UnsafePathError', () => {
  const bad = [
    '',
    '/etc/passwd',
    '../evil',
    'a/../../evil',
    'a/..',
    '..',
    '.',
    './a',
    'a/./b',
    'a//b',
    'a/',
    'a\\..\\evil',
    'C:\\x',
    'a\0b',
    'a\nb',
    '.git/hooks/post-checkout',
    'sub/.GIT/config',
  ];
  for (const path of bad) {
    assert.throws(() => resolveInside('/data/repo', path, 'a/b'), UnsafePathError, JSON.stringify(path));
  }
});

test('the error names the path and the repo', () => {
  try {
    safePathSegments('../evil', 'org/model');
    assert.fail('expected a throw');
  } catch (error) {
    assert.ok(error instanceof UnsafePathError);
    assert.equal(error.path, '../evil');
    assert.equal(error.repoId, 'org/model');
    assert.match(error.message, /\.\.\/evil/);
  }
});
