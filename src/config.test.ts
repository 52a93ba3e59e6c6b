import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_ENDPOINT,
  parseEndpoint,
  parsePositiveInt,
  parseSize,
  resolveGlobalConfig,
  resolveHfCacheDir,
  resolveShrinkage,
} from './config.js';
import { ConfigError } from './errors.js';

test('endpoint precedence: flag > HF_ENDPOINT > default, trailing slash stripped', () => {
  assert.equal(resolveGlobalConfig({}, {}).endpoint, DEFAULT_ENDPOINT);
  assert.equal(
    resolveGlobalConfig({}, { HF_ENDPOINT: 'http://127.0.0.1:9/' }).endpoint,
    'http://127.0.0.1:9',
  );
  assert.equal(
    resolveGlobalConfig({ endpoint: 'https://mirror.example/hub/' }, { HF_ENDPOINT: 'http://127.0.0.1:9' })
      .endpoint,
    'https://mirror.example/hub',
  );
});

test('a bad endpoint is a ConfigError naming its source', () => {
  assert.throws(
    () => parseEndpoint('ftp://x', '--endpoint'),
    (e) => e instanceof ConfigError && /--endpoint/.test(e.message),
  );
  assert.throws(() => resolveGlobalConfig({}, { HF_ENDPOINT: 'not a url' }), /HF_ENDPOINT/);
  assert.throws(() => parseEndpoint('https://h.co/?q=1', 'x'), /query/);
});

test('token: flag > HF_TOKEN; whitespace rejected; empty env ignored', () => {
  assert.equal(resolveGlobalConfig({}, { HF_TOKEN: 'hf_a' }).token, 'hf_a');
  assert.equal(resolveGlobalConfig({ token: 'hf_b' }, { HF_TOKEN: 'hf_a' }).token, 'hf_b');
  assert.equal(resolveGlobalConfig({}, { HF_TOKEN: '' }).token, undefined);
  assert.throws(() => resolveGlobalConfig({}, { HF_TOKEN: 'hf a' }), /HF_TOKEN/);
});

test('shrinkage: flag > env > 0.1, bounds (0, 1]', () => {
  assert.equal(resolveShrinkage(undefined, {}), 0.1);
  assert.equal(resolveShrinkage(undefined, { HF_TORRENT_SHRINKAGE: '0.25' }), 0.25);
  assert.equal(resolveShrinkage('1', { HF_TORRENT_SHRINKAGE: '0.25' }), 1);
  assert.equal(resolveShrinkage('.5', {}), 0.5);
  for (const bad of ['0', '-0.1', '1.01', 'abc', '0x1', 'NaN', 'Infinity', '', ' ', '1e9']) {
    assert.throws(
      () => resolveShrinkage(bad === '' ? '' : bad, {}),
      ConfigError,
      `flag ${JSON.stringify(bad)}`,
    );
  }
  assert.throws(
    () => resolveShrinkage(undefined, { HF_TORRENT_SHRINKAGE: 'ten percent' }),
    /HF_TORRENT_SHRINKAGE/,
  );
});

test('sizes and integers', () => {
  assert.equal(parseSize('500', 'x'), 500);
  assert.equal(parseSize('10MB', 'x'), 10_000_000);
  assert.equal(parseSize('1.5GiB', 'x'), 1.5 * 1024 ** 3);
  assert.throws(() => parseSize('10 parsecs', '--max-bytes'), /--max-bytes/);
  assert.equal(parsePositiveInt('8', 'x'), 8);
  assert.throws(() => parsePositiveInt('0', '--concurrency'), /--concurrency/);
  assert.throws(() => parsePositiveInt('2.5', 'x'), ConfigError);
  assert.equal(parsePositiveInt('0', 'x', { allowZero: true }), 0);
});

test('the Hugging Face cache dir: --cache-dir, HF_HUB_CACHE, HF_HOME/hub, XDG_CACHE_HOME, ~/.cache (as huggingface_hub)', () => {
  const home = '/home/u';
  assert.equal(resolveHfCacheDir('~/c', { HF_HUB_CACHE: '/x' }, home), '/home/u/c');
  assert.equal(resolveHfCacheDir(undefined, { HF_HUB_CACHE: '/x', HF_HOME: '/h' }, home), '/x');
  assert.equal(
    resolveHfCacheDir(undefined, { HUGGINGFACE_HUB_CACHE: '/legacy', HF_HOME: '/h' }, home),
    '/legacy',
  );
  assert.equal(
    resolveHfCacheDir(undefined, { HF_HOME: '~/hf', XDG_CACHE_HOME: '/xdg' }, home),
    '/home/u/hf/hub',
  );
  assert.equal(resolveHfCacheDir(undefined, { XDG_CACHE_HOME: '/xdg' }, home), '/xdg/huggingface/hub');
  assert.equal(resolveHfCacheDir(undefined, { HF_HUB_CACHE: ' ' }, home), '/home/u/.cache/huggingface/hub');
  assert.throws(() => resolveHfCacheDir('', {}, home), /--cache-dir: must not be empty/);
});
