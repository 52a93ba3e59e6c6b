/**
 * A clean run over every special repo of the emulator (gated, disabled, deleted after listing, a moved main,
 * thousands of files, odd names, legacy ids), then a second run over the same data dir.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { createLedger } from '../../src/catalog/ledger.js';
import {
  download,
  downloadedCommit,
  downloadExitStatus,
  repoFolder,
  reposRoot,
  status,
  type DownloadEvent,
  type DownloadSummary,
} from '../../src/download/index.js';
import {
  assertRepoOnDisk,
  leftoverPartials,
  seedSelection,
  startFixture,
  type Fixture,
} from './helpers/pipeline.js';

let fx: Fixture;
let top: string;
let dataDir: string;
let first: DownloadSummary;
const events: DownloadEvent[] = [];
let selected: Array<{ id: string; sha: string | null }>;

before(async () => {
  fx = await startFixture({ models: 20 });
  top = mkdtempSync(join(tmpdir(), 'download-clean-'));
  dataDir = join(top, 'data');
  await seedSelection(dataDir, fx.client, 20);
  const catalog = openCatalog(dataDir);
  selected = [...catalog.selections.iterate()].map((r) => ({ id: r.id, sha: r.sha }));
  catalog.close();
  fx.emulator.stats.reset();
  first = await download({ dataDir, client: fx.client, onEvent: (e) => events.push(e), stallDelayMillis: 0 });
});
after(async () => {
  await fx.close();
  rmSync(top, { recursive: true, force: true });
});

describe('a clean run', () => {
  it('verifies every downloadable repo at the commit recorded at listing, byte for byte', () => {
    const { specials } = fx.emulator.hub;
    const skipped = new Set([specials.gatedAuto, specials.gatedManual, specials.disabled, specials.deleted]);
    const verified = selected.filter((r) => !skipped.has(r.id));
    assert.ok(verified.length >= 14, `${verified.length} repos to verify`);
    for (const repo of verified) {
      assert.equal(repo.sha, fx.emulator.hub.listedSha(repo.id));
      assertRepoOnDisk(dataDir, fx.emulator, repo.id, repo.sha as string);
    }
    assert.equal(first.repos.verified, verified.length);
    assert.equal(first.repos.failed, 0);
    assert.equal(first.files.failed, 0);
    assert.equal(first.bytes.fetched, first.bytes.verified, 'no byte fetched twice');
  });

  it('skips gated, disabled and deleted repos with the reason the Hub gave', () => {
    const { specials } = fx.emulator.hub;
    const reasons = Object.fromEntries(first.skipped.map((s) => [s.repoId, s.reason]));
    assert.deepEqual(reasons, {
      [specials.gatedAuto as string]: 'gated',
      [specials.gatedManual as string]: 'gated',
      [specials.disabled as string]: 'disabled',
      [specials.deleted as string]: 'not_found',
    });
    assert.deepEqual(first.skippedByReason, { gated: 2, disabled: 1, not_found: 1 });
    assert.equal(downloadExitStatus(first), 0, 'skips for reasons the Hub gave are a success');
    for (const id of Object.keys(reasons))
      assert.equal(existsSync(repoFolder(reposRoot(dataDir), id)), false);
  });

  it('covers thousands of files, odd names, a zero-byte file and legacy ids', () => {
    const { specials } = fx.emulator.hub;
    const many = specials.thousandsOfFiles as string;
    assert.ok(
      fx.emulator.hub.files(many, fx.emulator.hub.listedSha(many)).length >= 3000,
      'thousands of files',
    );
    const odd = fx.emulator.hub.files(
      specials.oddNames as string,
      fx.emulator.hub.listedSha(specials.oddNames as string),
    );
    assert.ok(
      odd.some((f) => f.size === 0),
      'a zero-byte file',
    );
    assert.ok(
      odd.some((f) => /[^\x20-\x7e]/.test(f.path)) && odd.some((f) => f.path.includes(' ')),
      'non-ASCII and spaces',
    );
    for (const legacy of specials.legacy) {
      assert.ok(existsSync(join(reposRoot(dataDir), 'huggingface.co', legacy)), legacy);
    }
  });

  it('makes exactly one resolve request per non-empty file, and never sends the token to the CDN', () => {
    const { stats, hub } = fx.emulator;
    for (const repo of selected) {
      if (first.skipped.some((s) => s.repoId === repo.id)) continue;
      const nonEmpty = hub.files(repo.id, repo.sha as string).filter((f) => f.size > 0).length;
      assert.equal(stats.resolveCount(repo.id), nonEmpty, repo.id);
    }
    assert.ok(stats.byKind.cdn > 0, 'LFS files came from the CDN');
    assert.equal(stats.cdnWithAuthorization, 0);
    assert.equal(stats.resolveCount(hub.specials.disabled as string), 0, 'disabled: model info said so');
  });

  it('records drift: the moved repo was downloaded at its listed commit while main moved on', () => {
    const { hub } = fx.emulator;
    const moved = hub.specials.moved as string;
    assert.notEqual(hub.listedSha(moved), hub.currentSha(moved));
    const report = status(dataDir);
    assert.deepEqual(
      report.download?.drift.map((d) => [d.repoId, d.listedCommit, d.mainSha, d.downloadedCommit]),
      [[moved, hub.listedSha(moved), hub.currentSha(moved), hub.listedSha(moved)]],
    );
    const catalog = openCatalog(dataDir);
    try {
      assert.equal(downloadedCommit(catalog, moved), hub.listedSha(moved));
      assert.equal(downloadedCommit(catalog, hub.specials.gatedAuto as string), null);
    } finally {
      catalog.close();
    }
  });

  it('leaves a consistent ledger, status report, events and no partial files', () => {
    assert.deepEqual(leftoverPartials(dataDir), []);
    const report = status(dataDir);
    assert.equal(report.selection?.count, 20);
    assert.equal(report.runningRun, null, 'the lock was released');
    assert.deepEqual(report.download?.repos, {
      total: 20,
      pending: 0,
      downloading: 0,
      verified: first.repos.verified,
      skipped: 4,
      failed: 0,
    });
    assert.equal(report.download?.bytes.verified, first.bytes.verified);
    assert.equal(report.download?.files.verified, first.files.verified);
    assert.equal(report.download?.succeeded, true);
    const catalog = openCatalog(dataDir);
    try {
      const rows = createLedger(catalog.db).repos();
      for (const row of rows.filter((r) => r.state === 'verified')) {
        assert.equal(row.filesVerified, row.filesTotal, row.repoId);
        assert.equal(row.method, 'http');
        assert.equal(row.attempts, 1);
      }
    } finally {
      catalog.close();
    }
    const types = new Set(events.map((e) => e.type));
    for (const type of ['run-start', 'repo-state', 'file-start', 'file-done', 'progress', 'run-end']) {
      assert.ok(types.has(type as DownloadEvent['type']), type);
    }
    const last = events.filter((e) => e.type === 'progress').at(-1);
    assert.ok(last?.type === 'progress', 'a last progress event');
    assert.equal(last.totalsFinal, true);
    assert.equal(last.bytesDone, last.bytesTotal);
    assert.equal(last.filesDone, last.filesTotal);
    assert.equal(last.inFlight.length, 0);
  });

  it('a second run makes no request for verified files and changes nothing', async () => {
    fx.emulator.stats.reset();
    const before = readFileSync(
      join(repoFolder(reposRoot(dataDir), selected[0]?.id as string), 'config.json'),
    );
    const second = await download({ dataDir, client: fx.client, stallDelayMillis: 0 });
    const { stats, hub } = fx.emulator;
    assert.equal(second.repos.verified, first.repos.verified);
    assert.equal(second.files.fetched, 0);
    assert.equal(second.bytes.fetched, 0);
    for (const repo of selected) {
      if (first.skipped.some((s) => s.repoId === repo.id)) continue;
      assert.equal(stats.resolveCount(repo.id), 0, repo.id);
    }
    // the Hub's refusals stand (same identity, no --retry-skipped): not even a model info for them
    assert.equal(stats.byKind.info, 0, 'no model info: manifests are stored, skips stand');
    assert.equal(stats.byKind.cdn, 0);
    assert.equal(stats.resolveCount(hub.specials.gatedAuto as string), 0, 'gated repos are not asked again');
    assert.deepEqual(second.skippedByReason, first.skippedByReason, 'with the same reasons');
    assert.deepEqual(
      readFileSync(join(repoFolder(reposRoot(dataDir), selected[0]?.id as string), 'config.json')),
      before,
    );
  });
});
