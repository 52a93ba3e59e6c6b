import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelInfoUrl, resolveUrl, treeUrl } from './hub/hub-urls.js';
import { repoKey, splitRepoKey } from './repo-key.js';

test('repo keys name every type as the Hub URLs do, and the URLs follow', () => {
  assert.equal(repoKey('model', 'org/m'), 'org/m');
  assert.equal(repoKey('dataset', 'org/d'), 'datasets/org/d');
  assert.deepEqual(splitRepoKey('spaces/org/s'), { type: 'space', id: 'org/s' });
  assert.deepEqual(splitRepoKey('gpt2'), { type: 'model', id: 'gpt2' });
  const ep = 'http://h';
  assert.equal(
    modelInfoUrl(ep, 'datasets/org/d', { revision: 'v1' }),
    'http://h/api/datasets/org/d/revision/v1',
  );
  assert.equal(treeUrl(ep, 'spaces/org/s', 'main'), 'http://h/api/spaces/org/s/tree/main?recursive=true');
  assert.equal(modelInfoUrl(ep, 'org/m'), 'http://h/api/models/org/m');
  assert.equal(
    resolveUrl(ep, 'datasets/org/d', 'main', 'a b.csv'),
    'http://h/datasets/org/d/resolve/main/a%20b.csv',
  );
});
