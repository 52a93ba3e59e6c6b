import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  DEFAULT_ENDPOINT,
  hfNetworkConfig,
  resolveHfHome,
  tokenFilePath,
  parseEndpoint,
  parsePositiveInt,
  parseSize,
  resolveGlobalConfig,
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

test('HF_HOME: the variable (~ and $VAR expanded), else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface', () => {
  assert.equal(resolveHfHome({ HOME: '/home/u' }), '/home/u/.cache/huggingface');
  assert.equal(resolveHfHome({ HOME: '/home/u', XDG_CACHE_HOME: '/xdg' }), '/xdg/huggingface');
  assert.equal(resolveHfHome({ HOME: '/home/u', HF_HOME: '~/hf', XDG_CACHE_HOME: '/xdg' }), '/home/u/hf');
  assert.equal(resolveHfHome({ HF_HOME: '$SCRATCH/hf', SCRATCH: '/scratch/u' }), '/scratch/u/hf');
  assert.equal(resolveHfHome({ HF_HOME: '/a/${NOPE}/b' }), '/a/${NOPE}/b');
});

test('the token file: HF_TOKEN_PATH, else $HF_HOME/token', () => {
  assert.equal(tokenFilePath({ HOME: '/home/u' }), '/home/u/.cache/huggingface/token');
  assert.equal(tokenFilePath({ HF_HOME: '/hf' }), '/hf/token');
  assert.equal(tokenFilePath({ HF_HOME: '/hf', HF_TOKEN_PATH: '~/t', HOME: '/home/u' }), '/home/u/t');
});

test('token precedence: --token > HF_TOKEN > the token file `hf auth login` saved > none', (t) => {
  const home = mkdtempSync(join(tmpdir(), 'hft-config-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const env = { HF_HOME: home };
  assert.deepEqual(pick(resolveGlobalConfig({}, env)), [undefined, 'none']);
  writeFileSync(join(home, 'token'), 'hf_saved\n');
  assert.deepEqual(pick(resolveGlobalConfig({}, env)), ['hf_saved', 'file']);
  assert.deepEqual(pick(resolveGlobalConfig({}, { ...env, HF_TOKEN: 'hf_env' })), ['hf_env', 'env']);
  assert.deepEqual(pick(resolveGlobalConfig({ token: 'hf_flag' }, { ...env, HF_TOKEN: 'hf_env' })), [
    'hf_flag',
    'flag',
  ]);
  writeFileSync(join(home, 'other'), '  hf_other  \n');
  assert.deepEqual(pick(resolveGlobalConfig({}, { ...env, HF_TOKEN_PATH: join(home, 'other') })), [
    'hf_other',
    'file',
  ]);
  writeFileSync(join(home, 'token'), '\n');
  assert.deepEqual(pick(resolveGlobalConfig({}, env)), [undefined, 'none']);
  writeFileSync(join(home, 'token'), 'hf a\n');
  assert.throws(() => resolveGlobalConfig({}, env), /the token file .*token: a token contains no whitespace/);
});

function pick(config: { token: string | undefined; tokenSource: string }): [string | undefined, string] {
  return [config.token, config.tokenSource];
}

test('HF_HUB_OFFLINE, HF_HUB_DISABLE_PROGRESS_BARS: 1/ON/YES/TRUE in any case', () => {
  for (const value of ['1', 'on', 'YES', 'True']) {
    assert.equal(hfNetworkConfig({ HF_HUB_OFFLINE: value }).offline, true, value);
    assert.equal(hfNetworkConfig({ HF_HUB_DISABLE_PROGRESS_BARS: value }).progress, false, value);
  }
  for (const value of ['0', 'false', 'no', '']) {
    assert.equal(hfNetworkConfig({ HF_HUB_OFFLINE: value }).offline, false, value);
    assert.equal(hfNetworkConfig({ HF_HUB_DISABLE_PROGRESS_BARS: value }).progress, true, value);
  }
  assert.equal(hfNetworkConfig({ TRANSFORMERS_OFFLINE: '1' }).offline, true);
});

test('HF_HUB_DOWNLOAD_TIMEOUT: seconds, to milliseconds; a bad value names the variable', () => {
  assert.equal(hfNetworkConfig({}).requestTimeoutMillis, undefined);
  assert.equal(hfNetworkConfig({ HF_HUB_DOWNLOAD_TIMEOUT: '10' }).requestTimeoutMillis, 10_000);
  assert.equal(hfNetworkConfig({ HF_HUB_DOWNLOAD_TIMEOUT: '0.5' }).requestTimeoutMillis, 500);
  for (const bad of ['0', '-1', 'ten', '1e9'])
    assert.throws(() => hfNetworkConfig({ HF_HUB_DOWNLOAD_TIMEOUT: bad }), /HF_HUB_DOWNLOAD_TIMEOUT/, bad);
});

test('proxy variables: lower case before upper case; none set is no proxy; a bad URL names the variable', () => {
  assert.equal(hfNetworkConfig({ NO_PROXY: 'x' }).proxy, null);
  assert.deepEqual(
    hfNetworkConfig({ HTTPS_PROXY: 'http://p:1', https_proxy: 'http://q:2', NO_PROXY: 'a,b' }).proxy,
    { httpProxy: undefined, httpsProxy: 'http://q:2', noProxy: 'a,b' },
  );
  assert.deepEqual(hfNetworkConfig({ HTTP_PROXY: 'http://p:1', no_proxy: '*' }).proxy, {
    httpProxy: 'http://p:1',
    httpsProxy: undefined,
    noProxy: '*',
  });
  assert.throws(() => hfNetworkConfig({ HTTPS_PROXY: 'not a url' }), /HTTPS_PROXY/);
});

test('a token file that cannot be read: an error when HF_TOKEN_PATH names it, no token when it is the default', (t) => {
  const home = mkdtempSync(join(tmpdir(), 'hft-config-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  // a folder where a file is expected: unreadable as a token file, for root too
  mkdirSync(join(home, 'token'));
  assert.deepEqual(pick(resolveGlobalConfig({}, { HF_HOME: home })), [undefined, 'none']);
  assert.throws(
    () => resolveGlobalConfig({}, { HF_TOKEN_PATH: join(home, 'token') }),
    /HF_TOKEN_PATH .*token: cannot be read \(EISDIR\)/,
  );
});
