/**
 * The Hugging Face ecosystem's environment, as a user of `hf` has it set: the proxy variables for every
 * request of the hub client (through a real proxy on loopback), the token `hf auth login` saved,
 * HF_HUB_OFFLINE, HF_HUB_DISABLE_PROGRESS_BARS.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { startForwardProxy, type ForwardProxy } from '../helpers/forward-proxy.js';
import { runCli, selectedDataDir } from '../helpers/run-cli.js';

let emulator: RunningEmulator;
let top: string;

before(async () => {
  emulator = await startEmulator({
    models: 40,
    seed: 8,
    sizes: 'tiny',
    tokens: { hf_saved: { user: 'saved', gatedAccess: true } },
  });
  top = mkdtempSync(join(tmpdir(), 'hft-env-'));
});
after(async () => {
  await emulator.close();
  rmSync(top, { recursive: true, force: true });
});

const hostOf = (url: string): string => new URL(url).host;

/** A data dir with a finished crawl and the top `n` selected, made without a proxy. */
const prepared = (name: string, n: number): Promise<string> =>
  selectedDataDir(join(top, name), emulator.endpoint, n);

describe('HTTP_PROXY / HTTPS_PROXY / NO_PROXY', () => {
  let proxy: ForwardProxy;
  before(async () => {
    proxy = await startForwardProxy();
  });
  after(() => proxy.close());

  test('every request of a crawl and a download goes through the proxy, loopback included', async () => {
    proxy.targets.length = 0;
    const dataDir = join(top, 'proxied');
    const env = { HF_ENDPOINT: emulator.endpoint, HTTP_PROXY: proxy.url };
    const r = await runCli(['run', '--top', '3', '--json', '--data-dir', dataDir], env);
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as { download: { files: { fetched: number } } };
    assert.ok(summary.download.files.fetched > 0);
    // the API and the CDN (another origin) both, and nothing else: undici proxies 127.0.0.1 like any host
    assert.deepEqual(
      new Set(proxy.targets),
      new Set([hostOf(emulator.endpoint), hostOf(emulator.cdnEndpoint)]),
    );
  });

  test('NO_PROXY: the hosts it names go direct (a host:port entry, lower-case names first)', async () => {
    const dataDir = await prepared('no-proxy', 3);
    proxy.targets.length = 0;
    const cdn = hostOf(emulator.cdnEndpoint);
    const r = await runCli(['download', '-q', '--data-dir', dataDir], {
      http_proxy: proxy.url,
      HTTP_PROXY: 'http://127.0.0.1:9', // the lower-case one wins; this port refuses
      NO_PROXY: cdn,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(proxy.targets.length > 0, 'the API went through the proxy');
    assert.ok(!proxy.targets.includes(cdn), `the CDN went direct: ${proxy.targets.join(' ')}`);

    const direct = await prepared('direct', 3);
    proxy.targets.length = 0;
    const all = await runCli(['download', '-q', '--data-dir', direct], {
      HTTP_PROXY: proxy.url,
      NO_PROXY: '*',
    });
    assert.equal(all.status, 0, all.stderr);
    assert.deepEqual(proxy.targets, []);
  });

  test('git mode: git goes through the same proxy, an upper-case HTTP_PROXY included (curl reads only http_proxy)', async () => {
    const dataDir = await prepared('git-proxied', 2);
    proxy.targets.length = 0;
    proxy.forwarded.length = 0;
    const r = await runCli(['download', '--method', 'git', '-q', '--data-dir', dataDir], {
      HTTP_PROXY: proxy.url,
    });
    assert.equal(r.status, 0, r.stderr);
    // curl sends http:// requests to a proxy in absolute form (the hub client tunnels): those are git's
    assert.ok(proxy.forwarded.length > 0, 'git requests went through the proxy');
    assert.deepEqual(new Set(proxy.forwarded), new Set([hostOf(emulator.endpoint)]));
  });
});

test('the token `hf auth login` saved ($HF_HOME/token, or HF_TOKEN_PATH) opens gated repos; HF_TOKEN wins', async () => {
  const gated = [...emulator.hub.models()].filter((m) => m.gated !== false).length;
  assert.ok(gated > 0, 'the emulated Hub has gated repos');
  const hfHome = join(top, 'hf-home');
  mkdirSync(hfHome);
  writeFileSync(join(hfHome, 'token'), 'hf_saved\n');
  writeFileSync(join(top, 'elsewhere'), 'hf_saved');
  const download = async (dataDir: string, env: Record<string, string>) => {
    const r = await runCli(['download', '--json', '--data-dir', dataDir], env);
    const summary =
      r.stdout === '' ? null : (JSON.parse(r.stdout) as { skippedByReason: Record<string, number> });
    return { status: r.status, stderr: r.stderr, gated: summary?.skippedByReason.gated ?? 0 };
  };
  for (const [name, env] of [
    ['hf-home', { HF_HOME: hfHome }],
    ['token-path', { HF_TOKEN_PATH: join(top, 'elsewhere') }],
  ] as const) {
    const dataDir = await prepared(name, 40);
    const anonymous = await download(dataDir, { HF_HOME: join(top, 'no-token-here') });
    assert.equal(anonymous.status, 0, anonymous.stderr);
    assert.ok(anonymous.gated > 0, 'anonymous: the gated repos are refused');
    // HF_TOKEN is asked before the file: a token the Hub does not know stops the run
    const unknown = await download(dataDir, { ...env, HF_TOKEN: 'hf_unknown' });
    assert.equal(unknown.status, 3, unknown.stderr);
    assert.match(unknown.stderr, /INVALID_CREDENTIALS/);
    const saved = await download(dataDir, env);
    assert.equal(saved.status, 0, saved.stderr);
    assert.equal(saved.gated, 0, `${name}: the saved token opens them`);
  }
});

test('HF_HUB_OFFLINE: crawl, download and run refuse at once with one line; select, status, export, report work', async () => {
  const dataDir = await prepared('offline', 4);
  const env = { HF_HUB_OFFLINE: '1', HF_ENDPOINT: emulator.endpoint };
  for (const command of ['crawl', 'download', 'run']) {
    const r = await runCli([command, '--data-dir', dataDir], env);
    assert.equal(r.status, 3, `${command}: ${r.stderr}`);
    assert.equal(
      r.stderr,
      `hftorrent: OFFLINE: HF_HUB_OFFLINE is set: \`${command}\` needs the network (${emulator.endpoint}); ` +
        'select, status, export and report work offline\n',
    );
  }
  for (const command of [['select', '--top', '2'], ['status'], ['export'], ['report']]) {
    const r = await runCli([...command, '-q', '--data-dir', dataDir], env);
    assert.equal(r.status, 0, `${command.join(' ')}: ${r.stderr}`);
  }
});

test('HF_HUB_DISABLE_PROGRESS_BARS: no progress lines; the notes and the summary stay', async () => {
  const dataDir = await prepared('progress', 4);
  const shown = await runCli(['download', '--dry-run', '--data-dir', dataDir]);
  assert.match(shown.stderr, /ETA/);
  const hidden = await runCli(['download', '--data-dir', dataDir], { HF_HUB_DISABLE_PROGRESS_BARS: '1' });
  assert.equal(hidden.status, 0, hidden.stderr);
  assert.doesNotMatch(hidden.stderr, /ETA/);
  assert.match(hidden.stderr, /^download: 4 repos/m);
  assert.match(hidden.stdout, /^download: \d+ verified/m);
});
