import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { resolveGlobalConfig } from '../config.js';
import { OfflineError } from '../errors.js';
import { clientOptionsFor } from './hub-client-for.js';
import { Reporter } from './reporter.js';

function context(env: Record<string, string>) {
  const full = { HF_TOKEN_PATH: '/nonexistent/token', ...env };
  const config = resolveGlobalConfig({}, full);
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: full };
  return { command: 'crawl', config, signal: undefined, report: new Reporter(io, config) };
}

test('HF_HUB_DOWNLOAD_TIMEOUT bounds the wait for the headers and between body chunks', () => {
  const options = clientOptionsFor(context({ HF_HUB_DOWNLOAD_TIMEOUT: '2.5' }));
  assert.equal(options.headersTimeoutMillis, 2500);
  assert.equal(options.bodyTimeoutMillis, 2500);
  const defaults = clientOptionsFor(context({}));
  assert.equal(defaults.headersTimeoutMillis, undefined, "unset: the client's own defaults");
});

test('the proxy variables reach the client; HF_HUB_OFFLINE stops it unless the Hub is in this process', () => {
  const proxied = clientOptionsFor(context({ HTTPS_PROXY: 'http://127.0.0.1:3128', NO_PROXY: 'hub.local' }));
  assert.deepEqual(proxied.proxy, {
    httpProxy: undefined,
    httpsProxy: 'http://127.0.0.1:3128',
    noProxy: 'hub.local',
  });
  assert.throws(() => clientOptionsFor(context({ HF_HUB_OFFLINE: 'yes' })), OfflineError);
  assert.equal(clientOptionsFor(context({ HF_HUB_OFFLINE: 'yes' }), { inProcessHub: true }).proxy, null);
});
