/** The progress events say how far their totals are known: repos admitted so far, and when they are final. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { download, type DownloadEvent, type ProgressSnapshot } from '../../src/download/index.js';
import { seedSelection, startFixture, type Fixture } from './helpers/pipeline.js';

let fx: Fixture;
const top = mkdtempSync(join(tmpdir(), 'hft-progress-'));

before(async () => {
  fx = await startFixture({ models: 12, specials: false });
});
after(async () => {
  await fx.close();
  rmSync(top, { recursive: true, force: true });
});

test('reposAdmitted grows to reposTotal; the totals never shrink and are final at the end', async () => {
  const dataDir = join(top, 'run');
  await seedSelection(dataDir, fx.client, 12);
  const progress: ProgressSnapshot[] = [];
  const summary = await download({
    dataDir,
    client: fx.client,
    progressIntervalMillis: 1,
    onEvent: (e: DownloadEvent) => {
      if (e.type === 'progress') progress.push(e);
    },
  });
  const last = progress.at(-1);
  assert.ok(last !== undefined);
  assert.equal(last.totalsFinal, true);
  assert.equal(last.reposAdmitted, 12);
  assert.equal(last.bytesTotal, summary.bytes.total);
  for (const [i, p] of progress.entries()) {
    assert.ok(p.reposAdmitted <= p.reposTotal);
    if (i > 0) {
      const before = progress[i - 1] as ProgressSnapshot;
      assert.ok(p.reposAdmitted >= before.reposAdmitted && p.bytesTotal >= before.bytesTotal, 'never back');
    }
    if (p.totalsFinal) assert.equal(p.reposAdmitted, p.reposTotal, 'final only once every repo is admitted');
  }
});
