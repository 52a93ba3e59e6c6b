/**
 * `download --history`: every verified repo's commits from its pinned commit back, and its refs, from the
 * Hub's commits and refs endpoints over HTTP (two API requests a repo here) or from the clone in git mode
 * (none); a re-run fetches nothing; the tables reach the Parquet export.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { crawl } from '../../src/crawl/index.js';
import { download } from '../../src/download/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { exportDataset } from '../../src/export/index.js';
import { fetchHistory } from '../../src/history/index.js';
import { createHubClient } from '../../src/hub/index.js';
import { select } from '../../src/select/index.js';
import { tempDataDir } from '../catalog/helpers.js';

test('history over HTTP: commits of the pinned commit and the refs, paced API calls, once', async (t) => {
  const emu = await startEmulator({ models: 40, seed: 'history' });
  t.after(() => emu.close());
  const client = createHubClient({ endpoint: emu.endpoint });
  t.after(() => client.close());
  const dataDir = tempDataDir(t);
  await crawl({ dataDir, client });
  await select({ dataDir, top: 5 });
  await download({ dataDir, client, stallDelayMillis: 0 });

  const before = emu.stats.byKind;
  const commitsBefore = before.commits ?? 0;
  const refsBefore = before.refs ?? 0;
  const summary = await fetchHistory({ dataDir, client });
  const db = new Database(join(dataDir, 'huggingface', 'catalog.db'), { readonly: true });
  t.after(() => db.close());
  const verified = db
    .prepare(`SELECT repo_id, commit_sha FROM download WHERE state = 'verified' ORDER BY position`)
    .raw()
    .all() as Array<[string, string]>;
  assert.ok(verified.length >= 2);
  assert.equal(summary.repos, verified.length);
  assert.deepEqual(summary.failed, []);
  assert.equal(summary.requests, 2 * verified.length);
  assert.equal((emu.stats.byKind.commits ?? 0) - commitsBefore, verified.length);
  assert.equal((emu.stats.byKind.refs ?? 0) - refsBefore, verified.length);

  for (const [repoId, pinned] of verified) {
    const all = emu.hub.commits(repoId);
    const upTo = all.slice(0, all.findIndex((c) => c.sha === pinned) + 1).reverse();
    const stored = db
      .prepare('SELECT commit_sha, title, authors FROM repo_commit WHERE repo_id = ? ORDER BY position')
      .raw()
      .all(repoId);
    assert.deepEqual(
      stored,
      upTo.map((c) => [c.sha, c.title, JSON.stringify([c.authorName])]),
      repoId,
    );
    assert.deepEqual(
      db.prepare('SELECT kind, name, target_commit FROM repo_ref WHERE repo_id = ?').raw().all(repoId),
      [['branch', 'main', emu.hub.currentSha(repoId)]],
    );
  }

  const again = await fetchHistory({ dataDir, client });
  assert.equal(again.repos, 0);
  assert.equal(again.requests, 0);
  const exported = await exportDataset({ dataDir, format: 'parquet' });
  assert.equal(exported.tables['repo_commit'], summary.commits);
  assert.equal(exported.tables['repo_ref'], summary.refs);
});
