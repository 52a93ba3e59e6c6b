/**
 * What the Hub's API says about a repo decides why git was refused: a gated repo whose git 403 carries a JSON
 * body (no words git could recognise) is skipped as gated, like one whose 403 says so in text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gitDownload, seedSelection, startGitFixture } from './helpers.js';

test('a gated repo refused by git with a JSON 403 is skipped as gated (the API says it is gated)', async () => {
  const f = await startGitFixture({ models: 12 });
  try {
    const gated = f.emulator.hub.specials.gatedManual as string;
    await seedSelection(f.dataDir, f.emulator, 12);
    f.emulator.faults.add({
      kind: 'git',
      repo: gated,
      action: { type: 'status', status: 403, message: '{"error":"Forbidden"}' },
    });
    const summary = await gitDownload(f, { include: ['*.json'] });
    const entry = [...summary.skipped, ...summary.failed].find((r) => r.repoId === gated);
    assert.equal(entry?.reason, 'gated', JSON.stringify(entry));
    assert.ok(summary.skipped.some((r) => r.repoId === gated));
  } finally {
    await f.close();
  }
});
