/**
 * Downloads through the emulator's fault rules: resets, short bodies, wrong bytes, ignored ranges, 429s and
 * 500s. Which file meets which fault depends on the order of concurrent requests, so content faults are
 * bounded (`times`) below the retry budgets: whatever the order, every file must end verified. Faults no
 * budget can absorb end in the right reason instead.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { createLedger } from '../../src/catalog/ledger.js';
import { download, downloadExitStatus, status, type DownloadEvent } from '../../src/download/index.js';
import type { FaultRule } from '../../src/emulator/index.js';
import {
  assertRepoOnDisk,
  leftoverPartials,
  seedSelection,
  selectedRepos,
  startFixture,
  type Fixture,
} from './helpers/pipeline.js';

const top = mkdtempSync(join(tmpdir(), 'download-faults-'));
after(() => rmSync(top, { recursive: true, force: true }));

describe('transfer faults are absorbed', () => {
  const faults: FaultRule[] = [
    { kind: 'info', action: { type: 'status', status: 503, retryAfterSeconds: 1 }, times: 2 },
    { kind: 'info', action: { type: 'rate-limit', retryAfterSeconds: 2 }, skip: 3, times: 2 },
    { kind: 'resolve', action: { type: 'rate-limit', retryAfterSeconds: 1 }, skip: 2, every: 10 },
    { kind: 'resolve', action: { type: 'status', status: 500 }, skip: 5, every: 13 },
    { kind: 'cdn', action: { type: 'corrupt' }, skip: 1, every: 4, times: 2 },
    { kind: 'cdn', action: { type: 'reset', afterBytes: 1000 }, every: 3 },
    { kind: 'cdn', action: { type: 'ignore-range' }, every: 2 },
    { kind: 'resolve-cache', action: { type: 'corrupt' }, skip: 3, every: 25, times: 2 },
    { kind: 'resolve-cache', action: { type: 'truncate' }, every: 4 },
    { kind: 'resolve-cache', action: { type: 'reset', afterBytes: 10 }, skip: 1, every: 7 },
  ];
  let fx: Fixture;
  let dataDir: string;
  const events: DownloadEvent[] = [];
  before(async () => {
    fx = await startFixture({ models: 12, specials: false });
    dataDir = join(top, 'transfer');
    await seedSelection(dataDir, fx.client, 12);
    fx.emulator.faults.add(...faults);
    fx.emulator.stats.reset();
  });
  after(() => fx.close());

  it('ends with every file verified, byte for byte', async () => {
    const summary = await download({
      dataDir,
      client: fx.client,
      stallDelayMillis: 0,
      onEvent: (e) => events.push(e),
    });
    assert.deepEqual(summary.failed, []);
    assert.equal(summary.repos.verified, 12);
    for (const repo of selectedRepos(dataDir)) assertRepoOnDisk(dataDir, fx.emulator, repo.id, repo.sha);
    assert.deepEqual(leftoverPartials(dataDir), []);
    assert.equal(downloadExitStatus(summary), 0);
  });

  it('met every kind of fault on the way, and recovered each the intended way', () => {
    for (const { rule, fired } of fx.emulator.faults.list()) {
      assert.ok(fired > 0, `never fired: ${JSON.stringify(rule)}`);
    }
    const kinds = new Set(events.flatMap((e) => (e.type === 'file-retry' ? [e.kind] : [])));
    assert.deepEqual([...kinds].sort(), ['hash-mismatch', 'range-ignored', 'resume']);
    assert.ok(fx.emulator.stats.rateLimited > 0, 'some 429s were sent');
    assert.equal(fx.emulator.stats.cdnWithAuthorization, 0);
  });
});

describe('faults no retry can absorb end in the right reason', () => {
  let fx: Fixture;
  let dataDir: string;
  let repos: Array<{ id: string; sha: string }>;
  before(async () => {
    fx = await startFixture({ models: 6, specials: false });
    dataDir = join(top, 'persistent');
    await seedSelection(dataDir, fx.client, 6);
    repos = selectedRepos(dataDir);
  });
  after(() => fx.close());

  it('wrong bytes every time: the file fails with hash_mismatch, the other files and repos go on', async () => {
    const [bad, broken] = repos as [{ id: string; sha: string }, { id: string; sha: string }];
    const badFile = fx.emulator.hub.files(bad.id, bad.sha).find((f) => f.lfs !== null);
    assert.ok(badFile !== undefined, 'the repo has an LFS file');
    const brokenFile = fx.emulator.hub.files(broken.id, broken.sha).find((f) => f.lfs === null && f.size > 0);
    assert.ok(brokenFile !== undefined, 'the repo has a regular file');
    const ids = fx.emulator.faults.add(
      { kind: 'cdn', repo: bad.id, path: badFile.path, action: { type: 'corrupt' } },
      { kind: 'resolve', repo: broken.id, path: brokenFile.path, action: { type: 'status', status: 500 } },
    );
    const summary = await download({ dataDir, client: fx.client, stallDelayMillis: 0, maxHashTries: 2 });
    assert.deepEqual(
      summary.failed.map((f) => [f.repoId, f.reason]),
      [
        [bad.id, 'hash_mismatch'],
        [broken.id, 'server_error'],
      ],
    );
    assert.match(summary.failed[0]?.detail ?? '', new RegExp(`expected sha256 ${badFile.lfs?.sha256}`));
    assert.equal(summary.repos.verified, repos.length - 2);
    assert.equal(summary.files.failed, 2);
    assert.equal(downloadExitStatus(summary), 1);
    assert.equal(
      fx.emulator.stats.cdnCount(bad.id, badFile.path),
      2,
      'fetched twice (maxHashTries), then failed',
    );

    // The ledger knows which file failed and why; the rest of the repo is verified on disk.
    const catalog = openCatalog(dataDir);
    try {
      const ledger = createLedger(catalog.db);
      const failedRows = [...ledger.files(bad.id).values()].filter((f) => f.state !== 'verified');
      assert.deepEqual(
        failedRows.map((f) => [f.path, f.state]),
        [[badFile.path, 'failed']],
      );
      assert.match(failedRows[0]?.reason ?? '', /^hash_mismatch: /);
    } finally {
      catalog.close();
    }
    assert.equal(status(dataDir).download?.failedByReason.hash_mismatch, 1);

    // Once the Hub serves the right bytes, a re-run fetches only the two failed files.
    ids.forEach((id) => fx.emulator.faults.remove(id));
    fx.emulator.stats.reset();
    const again = await download({ dataDir, client: fx.client, stallDelayMillis: 0 });
    assert.equal(again.repos.verified, repos.length);
    assert.equal(again.files.fetched, 2);
    assert.equal(fx.emulator.stats.byKind.resolve, 2);
    for (const repo of repos) assertRepoOnDisk(dataDir, fx.emulator, repo.id, repo.sha);
  });
});
