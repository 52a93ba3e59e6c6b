/**
 * `download --method git --history`: the history comes from each clone (`git log` from the pinned commit, the
 * clone's branches), not from the API: no commits or refs request, and the same commits the Hub lists.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { fetchHistory } from '../../src/history/index.js';
import { clientFor, gitDownload, seedSelection, startGitFixture } from './helpers.js';

test('git mode reads the history from the clones, without an API request', async (t) => {
  const f = await startGitFixture();
  t.after(() => f.close());
  await seedSelection(f.dataDir, f.emulator, 4);
  await gitDownload(f, { concurrency: 2 });
  const client = clientFor(f.emulator);
  t.after(() => client.close());
  const apiBefore = (f.emulator.stats.byKind.commits ?? 0) + (f.emulator.stats.byKind.refs ?? 0);
  const summary = await fetchHistory({ dataDir: f.dataDir, client });
  assert.equal((f.emulator.stats.byKind.commits ?? 0) + (f.emulator.stats.byKind.refs ?? 0), apiBefore);
  assert.equal(summary.requests, 0);
  assert.ok(summary.repos >= 2, `${summary.repos} repos`);
  assert.deepEqual(summary.failed, []);

  const db = new Database(join(f.dataDir, 'huggingface', 'catalog.db'), { readonly: true });
  t.after(() => db.close());
  const repos = db
    .prepare(`SELECT repo_id, commit_sha FROM download WHERE state = 'verified'`)
    .raw()
    .all() as Array<[string, string]>;
  for (const [repoId, pinned] of repos) {
    const hub = f.emulator.hub.commits(repoId);
    const expected = hub.slice(0, hub.findIndex((c) => c.sha === pinned) + 1).reverse();
    const stored = db
      .prepare('SELECT commit_sha, title FROM repo_commit WHERE repo_id = ? ORDER BY position')
      .raw()
      .all(repoId);
    assert.deepEqual(
      stored,
      expected.map((c) => [c.sha, c.title]),
      repoId,
    );
    const main = db
      .prepare(`SELECT target_commit FROM repo_ref WHERE repo_id = ? AND kind = 'branch' AND name = 'main'`)
      .pluck()
      .get(repoId);
    assert.equal(main, f.emulator.hub.currentSha(repoId), repoId);
  }
});
