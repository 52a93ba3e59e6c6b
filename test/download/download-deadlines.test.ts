/**
 * The hub client's deadlines reach the download without any code of its own: a CDN that drips the body a
 * byte at a time is cut by the minimum-speed guard, and the download resumes with Range until every file is
 * verified.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { download, type DownloadEvent } from '../../src/download/index.js';
import { tempDataDir } from '../catalog/helpers.js';
import { assertRepoOnDisk, seedSelection, startFixture } from './helpers/pipeline.js';

test('a body dripped under the minimum speed is cut and resumed; every file ends verified', async (t) => {
  const fx = await startFixture(
    { models: 3, specials: false, sizes: 'tiny' },
    { transfer: { file: { minBytesPerSecond: 2000, speedWindowMillis: 300, deadlineMillis: 60_000 } } },
  );
  t.after(() => fx.close());
  const dataDir = tempDataDir(t);
  await seedSelection(dataDir, fx.client, 1);
  // The first two CDN bodies: 100 bytes, then one byte every 100 ms (10 B/s, far under the floor).
  fx.emulator.faults.add({
    kind: 'cdn',
    action: { type: 'delay', chunkBytes: 1, chunkMillis: 100 },
    times: 2,
  });
  const events: DownloadEvent[] = [];
  const summary = await download({
    dataDir,
    client: fx.client,
    stallDelayMillis: 0,
    onEvent: (e) => events.push(e),
  });
  assert.deepEqual(summary.failed, []);
  assert.equal(summary.repos.verified, 1);
  const resumes = events.filter((e) => e.type === 'file-retry' && /slower than 2000 B\/s/.test(e.reason));
  assert.ok(resumes.length > 0, 'the guard cut a dripping body and the download resumed');
  const [fault] = fx.emulator.faults.list();
  assert.equal(fault?.fired, 2);
  const catalog = openCatalog(dataDir);
  const repo = [...catalog.selections.iterate()][0];
  catalog.close();
  assert.ok(repo !== undefined);
  assertRepoOnDisk(dataDir, fx.emulator, repo.id, repo.sha as string);
});
