import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { download, downloadExitStatus, status, type DownloadSummary } from '../../src/download/index.js';
import { createHubClient, type HubClient } from '../../src/hub/index.js';
import { startMiniHub, type MiniHub } from './helpers/mini-hub.js';
import { crawl } from '../../src/crawl/index.js';
import { select } from '../../src/select/index.js';

const SHA = 'ab'.repeat(20);
const hostile = [
  '../evil',
  '/etc/evil',
  'a\\..\\..\\evil',
  'sub/../../evil',
  'x/\0y',
  '.git/hooks/post-checkout',
];

let hub: MiniHub;
let client: HubClient;
let top: string;
before(async () => {
  const repos: Parameters<typeof startMiniHub>[0] = {
    'good/repo': { sha: SHA, files: [{ path: 'config.json', content: Buffer.from('{}') }] },
  };
  hostile.forEach((path, i) => {
    repos[`evil/repo${i}`] = {
      sha: SHA,
      files: [
        { path: 'README.md', content: Buffer.from('hello') },
        { path, content: Buffer.from('pwned') },
      ],
    };
  });
  hub = await startMiniHub(repos);
  client = createHubClient({ endpoint: hub.origin, retry: { limit: 1 } });
  top = mkdtempSync(join(tmpdir(), 'unsafe-path-'));
});
after(async () => {
  await client.close();
  await hub.close();
  rmSync(top, { recursive: true, force: true });
});

test('a repo with an unsafe path is failed ("unsafe path"), nothing of it is fetched, and the run goes on', async () => {
  const dataDir = join(top, 'data');
  const urls = join(top, 'split_url_1.txt');
  const lines = hostile.map((_, i) => `${hub.origin}/evil/repo${i}`);
  writeFileSync(urls, [lines[0], `${hub.origin}/good/repo`, ...lines.slice(1)].join('\n'));
  const summary: DownloadSummary = await download({ dataDir, client, urlsFile: urls, concurrency: 4 });

  assert.equal(summary.repos.verified, 1);
  assert.equal(summary.repos.failed, hostile.length);
  assert.deepEqual(summary.failedByReason, { unsafe_path: hostile.length });
  assert.equal(downloadExitStatus(summary), 1);
  for (const failure of summary.failed) assert.match(failure.detail ?? '', /unsafe path/);
  assert.equal(
    readFileSync(join(dataDir, 'huggingface', 'repos', 'good', 'repo', 'config.json'), 'utf8'),
    '{}',
  );

  // No file of a hostile repo was requested, none of its files written, nothing outside the data dir.
  assert.deepEqual(
    hub.requests.filter((p) => p.includes('/resolve/')),
    [`/good/repo/resolve/${SHA}/config.json`],
  );
  assert.equal(existsSync(join(dataDir, 'huggingface', 'repos', 'evil')), false);
  assert.deepEqual(readdirSync(top).sort(), ['data', 'split_url_1.txt']);
  assert.equal(existsSync('/etc/evil'), false);

  const report = status(dataDir);
  assert.equal(report.download?.repos.failed, hostile.length);
  assert.equal(report.download?.failedByReason.unsafe_path, hostile.length);
  assert.equal(report.download?.succeeded, false);
});

test('a listed id our layout refuses fails that repo before any request with it; the run goes on', async () => {
  const bad = ['org/x.git', 'a/b/c', '-org/x', 'org/x--y', 'org/line\nbreak', 'org/tab\there'];
  const repos: Parameters<typeof startMiniHub>[0] = {
    'good/one': { sha: SHA, files: [{ path: 'config.json', content: Buffer.from('{}') }] },
  };
  for (const id of bad)
    repos[id] = { sha: SHA, files: [{ path: 'config.json', content: Buffer.from('{}') }] };
  const listing = await startMiniHub(repos);
  const listClient = createHubClient({ endpoint: listing.origin, retry: { limit: 1 } });
  try {
    const dataDir = join(top, 'bad-ids');
    await crawl({ dataDir, client: listClient });
    await select({ dataDir, top: bad.length + 1, shards: 1 });
    // a line break or tab in an id adds or splits no line of split_urls: one line a selected repo
    const lines = readFileSync(join(dataDir, 'huggingface', 'split_urls', 'split_url_0.txt'), 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    assert.equal(lines.length, bad.length + 1);
    assert.ok(lines.includes(`${listing.origin}/org/line%0Abreak`), lines.join(' | '));
    assert.ok(lines.includes(`${listing.origin}/org/tab%09here`));
    listing.requests.length = 0;
    const summary = await download({ dataDir, client: listClient });
    assert.equal(summary.repos.verified, 1, JSON.stringify(summary.failed));
    assert.deepEqual(summary.failedByReason, { invalid_repo_id: bad.length });
    for (const id of bad) {
      assert.ok(!listing.requests.some((r) => r.includes(id)), `no request named ${id}`);
    }
    assert.equal(downloadExitStatus(summary), 1);
  } finally {
    await listClient.close();
    await listing.close();
  }
});
