import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routeHub, type RepoRoute } from './hub-routes.js';

const repo = (path: string): RepoRoute => {
  const r = routeHub(path);
  assert.ok('repo' in r, `${path} is a repo route`);
  return r;
};

test('listing and model info with one- and two-segment ids', () => {
  assert.deepEqual(routeHub('/api/models'), { kind: 'list' });
  assert.deepEqual(repo('/api/models/org/name'), {
    kind: 'info',
    repo: 'org/name',
    before: '/api/models/',
    after: '',
    revision: null,
    path: '',
  });
  assert.equal(repo('/api/models/gpt2').repo, 'gpt2');
  assert.deepEqual(
    [repo('/api/models/gpt2/revision/main').repo, repo('/api/models/gpt2/revision/main').revision],
    ['gpt2', 'main'],
  );
  const r = repo('/api/models/org/name/revision/refs%2Fpr%2F1');
  assert.deepEqual(
    [r.kind, r.repo, r.revision, r.after],
    ['info', 'org/name', 'refs/pr/1', '/revision/refs%2Fpr%2F1'],
  );
});

test('tree paths arrive raw or encoded', () => {
  const raw = repo('/api/models/org/name/tree/main/a%20b/c');
  const encoded = repo('/api/models/org/name/tree/main/a%20b%2Fc');
  assert.deepEqual([raw.kind, raw.revision, raw.path], ['tree', 'main', 'a b/c']);
  assert.equal(encoded.path, 'a b/c');
  assert.equal(repo('/api/models/org/name/tree/abc').path, '');
  assert.equal(repo('/api/models/org/name/paths-info/main').kind, 'paths-info');
  assert.equal(repo('/api/models/org/name/refs').kind, 'refs');
});

test('resolve, raw, resolve-cache, lfs batch and git', () => {
  const r = repo('/org/name/resolve/main/d%C3%A9j%C3%A0/x%2By.txt');
  assert.deepEqual(
    [r.kind, r.repo, r.revision, r.path, r.after],
    ['resolve', 'org/name', 'main', 'déjà/x+y.txt', '/resolve/main/d%C3%A9j%C3%A0/x%2By.txt'],
  );
  assert.deepEqual(
    [repo('/gpt2/resolve/main/config.json').repo, repo('/gpt2/raw/abc/x').kind],
    ['gpt2', 'raw'],
  );
  const sha = 'a'.repeat(40);
  const c = repo(`/api/resolve-cache/models/org/name/${sha}/dir/f.json`);
  assert.deepEqual([c.kind, c.repo, c.revision, c.path], ['resolve-cache', 'org/name', sha, 'dir/f.json']);
  assert.deepEqual([repo(`/api/resolve-cache/models/gpt2/${sha}/f`).repo], ['gpt2']);
  assert.equal(repo('/api/resolve-cache/models/org/name/main/f').revision, 'main');
  const lfs = repo('/org/name.git/info/lfs/objects/batch');
  assert.deepEqual([lfs.kind, lfs.repo], ['lfs-batch', 'org/name']);
  assert.equal(repo('/org/name/info/refs').kind, 'git');
  assert.deepEqual(routeHub('/org/name'), { kind: 'page' });
  assert.deepEqual(routeHub('/org/name/resolve/main/%E0%A4%A'), { kind: 'malformed' });
});

test('datasets and spaces: the same endpoints under their type, the repo named by its key', () => {
  assert.deepEqual(repo('/api/datasets/org/corpus'), {
    kind: 'info',
    repo: 'datasets/org/corpus',
    before: '/api/datasets/',
    after: '',
    revision: null,
    path: '',
  });
  const tree = repo('/api/spaces/org/demo/tree/main/sub');
  assert.deepEqual(
    [tree.kind, tree.repo, tree.revision, tree.path],
    ['tree', 'spaces/org/demo', 'main', 'sub'],
  );
  const resolve = repo('/datasets/org/corpus/resolve/v1.0/data/train.csv');
  assert.deepEqual(
    [resolve.kind, resolve.repo, resolve.before, resolve.revision, resolve.path],
    ['resolve', 'datasets/org/corpus', '/datasets/', 'v1.0', 'data/train.csv'],
  );
  const sha = 'a'.repeat(40);
  const cache = repo(`/api/resolve-cache/datasets/org/corpus/${sha}/data/train.csv`);
  assert.deepEqual(
    [cache.kind, cache.repo, cache.before, cache.revision, cache.path],
    ['resolve-cache', 'datasets/org/corpus', '/api/resolve-cache/datasets/', sha, 'data/train.csv'],
  );
  // a model whose namespace would be "datasets" does not exist on the Hub: these are pages, not repos
  assert.equal(routeHub('/datasets/org/corpus').kind, 'page');
  assert.equal(routeHub('/api/datasets').kind, 'other');
});
