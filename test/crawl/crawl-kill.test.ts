/**
 * kill -9 at several points of a crawl (right after a page commit, and while a page request hangs), then a
 * resume: exactly the emulator's listing, no duplicate, and no stored page requested again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { crawl } from '../../src/crawl/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { createHubClient } from '../../src/hub/index.js';
import { tempDataDir } from '../catalog/helpers.js';
import { killAndWait, spawnFixture, waitForLine } from '../catalog/spawn-fixture.js';

const CHILD = 'test/crawl/fixtures/crawl-child.ts';
const MODELS = 3000;
const PAGE = 100;
const PAGES = MODELS / PAGE;

function storedPages(dataDir: string): number {
  const catalog = openCatalog(dataDir);
  try {
    return catalog.snapshots.current()?.pages ?? 0;
  } finally {
    catalog.close();
  }
}

test('a crawl killed with SIGKILL at several points resumes to exactly the full listing', async (t) => {
  const emu = await startEmulator({ models: MODELS, seed: 'kill-9' });
  t.after(() => emu.close());
  const dataDir = tempDataDir(t);
  const requestsBefore: number[] = [];
  const pagesAtKill: number[] = [];

  // Killed as soon as it reports a committed page (the kill lands wherever the child is by then).
  for (const k of [1, 9]) {
    requestsBefore.push(emu.stats.byKind.list);
    const child = spawnFixture(CHILD, [emu.endpoint, dataDir, String(PAGE)]);
    t.after(() => killAndWait(child));
    await waitForLine(child, new RegExp(`^page (${k}|[1-9]\\d+) `));
    await killAndWait(child, 'SIGKILL');
    pagesAtKill.push(storedPages(dataDir));
  }

  // Killed while a page request hangs: the page after the next one is delayed (longer than the kill takes).
  const stored = storedPages(dataDir);
  const hang = emu.faults.add({
    kind: 'list',
    action: { type: 'delay', headersMillis: 5_000 },
    skip: 1,
    times: 1,
  });
  const child = spawnFixture(CHILD, [emu.endpoint, dataDir, String(PAGE)]);
  t.after(() => killAndWait(child));
  await waitForLine(child, new RegExp(`^page ${stored + 1} `));
  while (emu.faults.list().find((f) => f.id === hang[0])?.fired !== 1)
    await new Promise((r) => setTimeout(r, 10));
  await killAndWait(child, 'SIGKILL');
  emu.faults.clear();
  pagesAtKill.push(storedPages(dataDir));
  assert.equal(pagesAtKill.at(-1), stored + 1, 'the hanging page was never stored');

  // Every kill left a resumable crawl, further along each time, never complete.
  assert.ok(pagesAtKill.every((p, i) => p >= 1 && p < PAGES && (i === 0 || p >= (pagesAtKill[i - 1] ?? 0))));

  const listBeforeResume = emu.stats.byKind.list;
  const client = createHubClient({ endpoint: emu.endpoint });
  t.after(() => client.close());
  const summary = await crawl({ dataDir, client, pageSize: PAGE });
  const resumeRequests = emu.stats.byKind.list - listBeforeResume;

  assert.equal(summary.resumed, true);
  assert.equal(summary.snapshot.status, 'finished');
  assert.equal(resumeRequests, PAGES - (pagesAtKill.at(-1) ?? 0), 'the resume starts at the stored cursor');
  assert.ok(resumeRequests < PAGES, 'fewer list requests than a fresh crawl');
  // Each killed run may have lost at most the one page it had in flight.
  assert.ok(emu.stats.byKind.list <= PAGES + pagesAtKill.length, `${emu.stats.byKind.list} list requests`);

  const catalog = openCatalog(dataDir);
  t.after(() => catalog.close());
  const ids = [...catalog.models.iterateIds(summary.snapshot.id)];
  assert.deepEqual(
    ids,
    [...emu.hub.models()].map((m) => m.id),
  );
  assert.equal(summary.snapshot.listed, MODELS, 'no page stored twice');
  assert.equal(summary.snapshot.pages, PAGES);
  assert.equal(catalog.snapshots.list().length, 1, 'one snapshot, resumed, not restarted');
});
