/**
 * The download options against the emulator: --dry-run, --max-bytes, --shard, --include/--exclude, --urls and
 * an abort mid-run.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import picomatch from 'picomatch';
import { openCatalog } from '../../src/catalog/index.js';
import { createLedger } from '../../src/catalog/ledger.js';
import { download, reposRoot, status } from '../../src/download/index.js';
import { AbortedError, UsageError } from '../../src/errors.js';
import {
  assertRepoOnDisk,
  filesUnder,
  leftoverPartials,
  seedSelection,
  startFixture,
  type Fixture,
} from './helpers/pipeline.js';

const top = mkdtempSync(join(tmpdir(), 'download-options-'));
let fx: Fixture;
let n = 0;
before(async () => {
  fx = await startFixture({ models: 10 });
});
after(async () => {
  await fx.close();
  rmSync(top, { recursive: true, force: true });
});

/** A fresh data dir whose selection is the top `count` repos, and those repos in rank order. */
async function dataDirWith(
  count: number,
): Promise<{ dataDir: string; repos: Array<{ id: string; sha: string }> }> {
  const dataDir = join(top, `data-${(n += 1)}`);
  await seedSelection(dataDir, fx.client, count);
  const catalog = openCatalog(dataDir);
  try {
    return {
      dataDir,
      repos: [...catalog.selections.iterate()].map((r) => ({ id: r.id, sha: r.sha as string })),
    };
  } finally {
    catalog.close();
  }
}

const bytesOf = (id: string, sha: string, keep: (p: string) => boolean = () => true) =>
  fx.emulator.hub
    .files(id, sha)
    .filter((f) => keep(f.path))
    .reduce((sum, f) => sum + f.size, 0);

describe('--dry-run', () => {
  it('lists repos, files and bytes with totals, fetches no file, and changes no state', async () => {
    const { dataDir, repos } = await dataDirWith(4);
    fx.emulator.stats.reset();
    const plan = await download({ dataDir, client: fx.client, dryRun: true });
    assert.equal(fx.emulator.stats.byKind.resolve + fx.emulator.stats.byKind.cdn, 0);
    assert.equal(existsSync(reposRoot(dataDir)), false);
    assert.equal(status(dataDir).download, null, 'the ledger is untouched');
    // Gated repos are planned too: only a file request would tell (a dry run makes none).
    assert.deepEqual(
      plan.plan?.map((p) => [p.repoId, p.files, p.bytes, p.filesToFetch, p.bytesToFetch]),
      repos.map((r) => {
        const files = fx.emulator.hub.files(r.id, r.sha);
        const bytes = bytesOf(r.id, r.sha);
        return [r.id, files.length, bytes, files.length, bytes];
      }),
    );
    assert.equal(
      plan.bytes.total,
      repos.reduce((sum, r) => sum + bytesOf(r.id, r.sha), 0),
    );

    // After a partial run (JSON files only), a dry run lists only what is still missing.
    await download({ dataDir, client: fx.client, include: ['*.json'], stallDelayMillis: 0 });
    const rest = await download({ dataDir, client: fx.client, dryRun: true });
    const first = repos[0] as { id: string; sha: string };
    const json = picomatch('**/*.json', { dot: true });
    assert.deepEqual(rest.plan?.[0], {
      repoId: first.id,
      commit: first.sha,
      files: fx.emulator.hub.files(first.id, first.sha).length,
      bytes: bytesOf(first.id, first.sha),
      filesToFetch: fx.emulator.hub.files(first.id, first.sha).filter((f) => !json(f.path)).length,
      bytesToFetch: bytesOf(first.id, first.sha, (p) => !json(p)),
    });
  });
});

describe('--include / --exclude', () => {
  it('keeps what matches an include and no exclude; repos left with nothing are skipped "filtered"', async () => {
    const { dataDir, repos } = await dataDirWith(4);
    const keep = (p: string) => p.endsWith('.json') && !p.startsWith('tokenizer');
    const summary = await download({
      dataDir,
      client: fx.client,
      include: ['*.json', '*.gguf-not-there'],
      exclude: ['tokenizer*'],
      stallDelayMillis: 0,
    });
    const gated = new Set([fx.emulator.hub.specials.gatedAuto, fx.emulator.hub.specials.gatedManual]);
    for (const repo of repos.filter((r) => !gated.has(r.id))) {
      assertRepoOnDisk(dataDir, fx.emulator, repo.id, repo.sha, keep);
    }
    const nothing = await download({
      dataDir,
      client: fx.client,
      include: ['*.nothing'],
      stallDelayMillis: 0,
    });
    assert.deepEqual(nothing.skippedByReason, { filtered: repos.length });
    assert.equal(summary.repos.failed + nothing.repos.failed, 0);
  });
});

describe('--max-bytes', () => {
  it('spends the budget in rank order and stops at the first repo that does not fit', async () => {
    const { dataDir, repos } = await dataDirWith(6);
    const ungated = repos.filter(
      (r) => r.id !== fx.emulator.hub.specials.gatedAuto && r.id !== fx.emulator.hub.specials.gatedManual,
    );
    // Budget: the first two repos in rank order, plus less than the third needs.
    const [a, b] = repos as [{ id: string; sha: string }, { id: string; sha: string }];
    const budget = bytesOf(a.id, a.sha) + bytesOf(b.id, b.sha) + 1;
    const summary = await download({ dataDir, client: fx.client, maxBytes: budget, stallDelayMillis: 0 });
    const overBudget = summary.skipped.filter((s) => s.reason === 'over_budget').map((s) => s.repoId);
    assert.deepEqual(
      overBudget,
      repos.slice(2).map((r) => r.id),
    );
    assert.match(summary.skipped.find((s) => s.reason === 'over_budget')?.detail ?? '', /bytes do not fit/);
    assert.ok(ungated.length >= 4, 'enough repos');
    assert.equal(summary.repos.failed, 0);
    assert.equal(filesUnder(join(reposRoot(dataDir), ...repos[2]!.id.split('/'))).length, 0);
  });
});

describe('--shard', () => {
  it('takes every N-th repo of the selection; the shards together take each repo once', async () => {
    const { dataDir, repos } = await dataDirWith(7);
    fx.emulator.stats.reset();
    const one = await download({
      dataDir,
      client: fx.client,
      shard: { index: 1, count: 3 },
      stallDelayMillis: 0,
    });
    assert.equal(one.repos.total, 3);
    const catalog = openCatalog(dataDir);
    try {
      const ledger = createLedger(catalog.db);
      for (const [i, repo] of repos.entries()) {
        const state = ledger.getRepo(repo.id)?.state;
        // A shard's ledger lists only its own repos (each machine reports on its share).
        if (i % 3 === 0) assert.notEqual(state, undefined, `${repo.id} at position ${i} is in shard 1`);
        else assert.equal(state, undefined, `${repo.id} at position ${i} is not in shard 1`);
        if (i % 3 !== 0) assert.equal(fx.emulator.stats.resolveCount(repo.id), 0, repo.id);
      }
    } finally {
      catalog.close();
    }
    const two = await download({
      dataDir,
      client: fx.client,
      shard: { index: 2, count: 3 },
      stallDelayMillis: 0,
    });
    const three = await download({
      dataDir,
      client: fx.client,
      shard: { index: 3, count: 3 },
      stallDelayMillis: 0,
    });
    assert.equal(two.repos.total + three.repos.total, 4);
    const report = status(dataDir);
    assert.equal(report.download?.repos.total, 7);
    assert.equal(report.download?.repos.pending, 0);
    await assert.rejects(download({ dataDir, client: fx.client, shard: { index: 0, count: 3 } }), UsageError);
  });
});

describe('--urls', () => {
  it('downloads the repos of a split file with no catalog, pinned to the given commit or to main at start', async () => {
    const { hub, endpoint } = fx.emulator;
    const moved = hub.specials.moved as string;
    const legacy = hub.specials.legacy[0] as string;
    const plain = hub.at(0).id;
    const dataDir = join(top, 'urls-machine');
    const file = join(top, 'split_url_0.txt');
    writeFileSync(
      file,
      [
        '# shard 0',
        `${endpoint}/${moved}`,
        `${endpoint}/${plain}@${hub.listedSha(plain)}`,
        '',
        `${endpoint}/${legacy}`,
        `${endpoint}/${moved.replace(/^[^/]+/, 'missing-owner')}`,
      ].join('\n'),
    );
    const summary = await download({ dataDir, client: fx.client, urlsFile: file, stallDelayMillis: 0 });
    assert.equal(summary.repos.verified, 3);
    assert.deepEqual(summary.skippedByReason, { not_found: 1 });
    // No commit given: pinned to main when the download started (the moved repo's second commit).
    assertRepoOnDisk(dataDir, fx.emulator, moved, hub.currentSha(moved));
    assertRepoOnDisk(dataDir, fx.emulator, plain, hub.listedSha(plain));
    assertRepoOnDisk(dataDir, fx.emulator, legacy, hub.currentSha(legacy));
    assert.ok(existsSync(join(reposRoot(dataDir), 'huggingface.co', legacy)), 'legacy layout');
    const catalog = openCatalog(dataDir);
    try {
      const rows = createLedger(catalog.db).repos();
      assert.deepEqual(
        rows.map((r) => [r.repoId, r.source, r.position, r.commit]),
        [
          [moved, 'urls:split_url_0.txt', 0, hub.currentSha(moved)],
          [plain, 'urls:split_url_0.txt', 1, hub.listedSha(plain)],
          [legacy, 'urls:split_url_0.txt', 2, hub.currentSha(legacy)],
          [moved.replace(/^[^/]+/, 'missing-owner'), 'urls:split_url_0.txt', 3, null],
        ],
      );
      assert.equal(catalog.selections.current(), null, 'no selection on this machine');
    } finally {
      catalog.close();
    }
    assert.deepEqual(status(dataDir).download?.drift, [], 'no listing, so no drift to report');

    writeFileSync(file, `${endpoint}/${plain}\nhttps://huggingface.co/${plain}\n`);
    await assert.rejects(
      download({ dataDir, client: fx.client, urlsFile: file }),
      /split_url_0\.txt line 2: not under the endpoint/,
    );
  });
});

describe('an aborted run', () => {
  it('stops promptly, leaves the ledger resumable, and a re-run completes', async () => {
    const { dataDir, repos } = await dataDirWith(5);
    const controller = new AbortController();
    let done = 0;
    await assert.rejects(
      download({
        dataDir,
        client: fx.client,
        signal: controller.signal,
        stallDelayMillis: 0,
        concurrency: 2,
        onEvent: (e) => {
          if (e.type === 'file-done' && (done += 1) === 5) controller.abort();
        },
      }),
      AbortedError,
    );
    assert.equal(status(dataDir).runningRun, null, 'the lock was released');
    const summary = await download({ dataDir, client: fx.client, stallDelayMillis: 0 });
    assert.equal(summary.repos.failed, 0);
    const gated = new Set([fx.emulator.hub.specials.gatedAuto, fx.emulator.hub.specials.gatedManual]);
    for (const repo of repos.filter((r) => !gated.has(r.id)))
      assertRepoOnDisk(dataDir, fx.emulator, repo.id, repo.sha);
    assert.deepEqual(leftoverPartials(dataDir), []);
  });
});
