import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { CRAWL_EXPAND } from '../../src/crawl/crawl-query.js';
import { openCatalog } from '../../src/catalog/index.js';
import { type CrawlEvent, crawl } from '../../src/crawl/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import {
  AbortedError,
  BadRequestError,
  BadResponseError,
  CatalogLockedError,
  ConfigError,
  DataDirError,
  NetworkError,
  ServerError,
} from '../../src/errors.js';
import { type HubClient, createHubClient } from '../../src/hub/index.js';
import { tempDataDir } from '../catalog/helpers.js';
import { killAndWait, spawnFixture, waitForLine } from '../catalog/spawn-fixture.js';
import { startRecordingProxy } from './recording-proxy.js';

const FAST_RETRY = { limit: 2, baseDelayMillis: 5, maxDelayMillis: 20 };

async function emulator(
  t: { after(fn: () => Promise<void>): void },
  models: number,
): Promise<RunningEmulator> {
  const emu = await startEmulator({ models, seed: 'crawl-tests' });
  t.after(() => emu.close());
  return emu;
}

function client(t: { after(fn: () => Promise<void>): void }, endpoint: string): HubClient {
  const c = createHubClient({ endpoint, retry: FAST_RETRY });
  t.after(() => c.close());
  return c;
}

function listedIds(emu: RunningEmulator): string[] {
  return [...emu.hub.models()].map((m) => m.id);
}

function catalogIds(dataDir: string, snapshotId: number): string[] {
  const catalog = openCatalog(dataDir);
  try {
    return [...catalog.models.iterateIds(snapshotId)];
  } finally {
    catalog.close();
  }
}

test('a crawl lists every model once, in pages, with expand fields; running again requests nothing', async (t) => {
  const emu = await emulator(t, 1234);
  const dataDir = tempDataDir(t);
  const events: CrawlEvent[] = [];
  let clock = Date.UTC(2026, 5, 1);
  const summary = await crawl({
    dataDir,
    client: client(t, emu.endpoint),
    pageSize: 100,
    onProgress: (e) => events.push(e),
    now: () => (clock += 500),
  });
  assert.equal(summary.outcome, 'finished');
  assert.equal(summary.resumed, false);
  assert.equal(summary.pages, 13);
  assert.equal(summary.models, 1234);
  const { snapshot } = summary;
  assert.equal(snapshot.status, 'finished');
  assert.equal(snapshot.endpoint, emu.endpoint);
  assert.equal(snapshot.queryMode, 'expand');
  assert.deepEqual([snapshot.pages, snapshot.listed, snapshot.models], [13, 1234, 1234]);
  assert.equal(snapshot.nextUrl, null);
  assert.ok(snapshot.finishedAt !== null && snapshot.finishedAt > snapshot.startedAt);
  assert.deepEqual(catalogIds(dataDir, snapshot.id), listedIds(emu));
  assert.equal(emu.stats.byKind.list, 13);
  assert.equal(emu.stats.byKind.info, 0, 'no per-model request');

  const pages = events.filter((e) => e.type === 'page');
  assert.equal(pages.length, 13);
  assert.deepEqual(pages.at(-1), { ...pages.at(-1), pages: 13, models: 1234, runModels: 1234 });
  assert.ok(pages.every((e) => e.type === 'page' && e.modelsPerSecond > 0));
  assert.equal(events.at(-1)?.type, 'finished');

  const catalog = openCatalog(dataDir);
  const first = JSON.parse(catalog.models.iterateRaw(snapshot.id).next().value as string) as Record<
    string,
    unknown
  >;
  catalog.close();
  assert.equal(first.id, listedIds(emu)[0]);
  for (const key of ['downloadsAllTime', 'safetensors', 'siblings', 'cardData', 'sha'])
    assert.ok(key in first, key);
  // The Hub refuses these on the listing; model info gives them.
  for (const key of ['usedStorage', 'baseModels']) assert.ok(!(key in first), key);
  const url = new URL(pages[0]?.type === 'page' ? pages[0].url : '');
  assert.equal(url.searchParams.get('sort'), null, 'never sorted server-side');
  assert.deepEqual(url.searchParams.getAll('expand'), [...CRAWL_EXPAND]);

  const again = await crawl({ dataDir, client: client(t, emu.endpoint) });
  assert.equal(again.outcome, 'up-to-date');
  assert.equal(again.snapshot.id, snapshot.id);
  assert.equal(emu.stats.byKind.list, 13);
});

test('a server that refuses an expand value gets the full=true fallback, recorded in the snapshot', async (t) => {
  const emu = await emulator(t, 250);
  emu.faults.add({ kind: 'list', action: { type: 'status', status: 400, message: 'bad expand' }, times: 1 });
  const dataDir = tempDataDir(t);
  const events: CrawlEvent[] = [];
  const summary = await crawl({
    dataDir,
    client: client(t, emu.endpoint),
    pageSize: 100,
    onProgress: (e) => events.push(e),
  });
  assert.equal(summary.snapshot.queryMode, 'full');
  assert.deepEqual(summary.snapshot.query, { full: true, cardData: true, config: true, limit: 100 });
  assert.ok(events.some((e) => e.type === 'fallback' && /bad expand/.test(e.reason)));
  assert.deepEqual(catalogIds(dataDir, summary.snapshot.id), listedIds(emu));
  // The refused page, one probe per expand value (each accepted: nothing to single out), three pages.
  assert.equal(emu.stats.byKind.list, 1 + CRAWL_EXPAND.length + 3);
});

test('fresh keeps the previous snapshot until the new one finishes, then prunes it; an unfinished one is abandoned', async (t) => {
  const emu = await emulator(t, 300);
  const dataDir = tempDataDir(t);
  const first = await crawl({ dataDir, client: client(t, emu.endpoint), pageSize: 100 });

  // A fresh crawl that dies on its second page: the first snapshot is still what select/export read.
  const fault = emu.faults.add({ kind: 'list', action: { type: 'status', status: 500 }, skip: 1 });
  await assert.rejects(
    crawl({ dataDir, client: client(t, emu.endpoint), pageSize: 100, fresh: true }),
    ServerError,
  );
  let catalog = openCatalog(dataDir);
  assert.equal(catalog.snapshots.latestFinished()?.id, first.snapshot.id);
  assert.equal(catalog.models.count(first.snapshot.id), 300);
  const second = catalog.snapshots.current();
  assert.deepEqual([second?.status, second?.pages], ['running', 1]);
  catalog.close();

  // Fresh again: the unfinished crawl is abandoned and its rows pruned; the new one finishes and replaces #1.
  emu.faults.remove(fault[0] as number);
  const third = await crawl({ dataDir, client: client(t, emu.endpoint), pageSize: 100, fresh: true });
  assert.equal(third.resumed, false);
  catalog = openCatalog(dataDir);
  t.after(() => catalog.close());
  assert.deepEqual(
    catalog.snapshots.list().map((s) => [s.status, s.models, s.prunedAt !== null]),
    [
      ['finished', 300, true],
      ['abandoned', 100, true],
      ['finished', 300, false],
    ],
  );
  assert.equal(catalog.models.count(first.snapshot.id), 0);
  assert.equal(catalog.models.count(second?.id ?? -1), 0);
  assert.deepEqual([...catalog.models.iterateIds(third.snapshot.id)], listedIds(emu));
});

test('resuming against another endpoint is refused before any request', async (t) => {
  const emu = await emulator(t, 200);
  const other = await emulator(t, 200);
  const dataDir = tempDataDir(t);
  emu.faults.add({ kind: 'list', action: { type: 'status', status: 503 }, skip: 1 });
  await assert.rejects(crawl({ dataDir, client: client(t, emu.endpoint), pageSize: 100 }), ServerError);
  await assert.rejects(
    crawl({ dataDir, client: client(t, other.endpoint), pageSize: 100 }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.ok(error.message.includes(`unfinished crawl (#1) of ${emu.endpoint}, not ${other.endpoint}`));
      assert.match(error.message, /--fresh/);
      return true;
    },
  );
  assert.equal(other.stats.requests, 0);
});

test('a page that is not JSON stops the crawl with an error naming its URL; stored pages stay and resume', async (t) => {
  const emu = await emulator(t, 500);
  const proxy = await startRecordingProxy(emu.endpoint);
  t.after(() => proxy.close());
  const dataDir = tempDataDir(t);
  proxy.replace = (n) =>
    n === 3 ? { status: 200, contentType: 'text/html', body: '<html>Hugging Face is down</html>' } : null;
  const error = await crawl({ dataDir, client: client(t, proxy.endpoint), pageSize: 100 }).then(
    () => assert.fail('the crawl should stop'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof BadResponseError, String(error));
  const third = proxy.exchanges[2]?.url ?? '';
  assert.match(third, /cursor=/);
  assert.ok(`${error.url ?? ''} ${error.message}`.includes(third), `${error.message} names ${third}`);

  let catalog = openCatalog(dataDir);
  const stopped = catalog.snapshots.current();
  assert.deepEqual([stopped?.status, stopped?.pages, stopped?.models], ['running', 2, 200]);
  assert.ok(stopped?.nextUrl?.endsWith(third));
  catalog.close();

  // Wrong shape (an object, not an array) on the resumed page: same.
  proxy.replace = (n) =>
    n === 4 ? { status: 200, contentType: 'application/json', body: '{"models":[]}' } : null;
  await assert.rejects(
    crawl({ dataDir, client: client(t, proxy.endpoint), pageSize: 100 }),
    BadResponseError,
  );

  proxy.replace = null;
  const done = await crawl({ dataDir, client: client(t, proxy.endpoint), pageSize: 100 });
  assert.equal(done.resumed, true);
  assert.equal(done.pages, 3);
  assert.deepEqual(catalogIds(dataDir, done.snapshot.id), listedIds(emu));
  catalog = openCatalog(dataDir);
  t.after(() => catalog.close());
  assert.equal(catalog.snapshots.current()?.listed, 500);
});

test('connection refused is a clear network error after the retries', async (t) => {
  const port = await new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as { port: number };
      server.close(() => resolve(p));
    });
  });
  const dataDir = tempDataDir(t);
  await assert.rejects(
    crawl({ dataDir, client: client(t, `http://127.0.0.1:${port}`) }),
    (error: unknown) => {
      assert.ok(error instanceof NetworkError, String(error));
      assert.match(error.message, /refused|ECONNREFUSED/i);
      return true;
    },
  );
  const catalog = openCatalog(dataDir);
  t.after(() => catalog.close());
  assert.deepEqual([catalog.snapshots.current()?.status, catalog.snapshots.current()?.pages], ['running', 0]);
});

test('an unwritable data dir is refused before any request', async (t) => {
  const emu = await emulator(t, 10);
  const base = tempDataDir(t);
  writeFileSync(join(base, 'file'), '');
  await assert.rejects(
    crawl({ dataDir: join(base, 'file', 'data'), client: client(t, emu.endpoint) }),
    DataDirError,
  );
  assert.equal(emu.stats.requests, 0);
});

test('a second crawl while one runs on the same data dir is refused, naming the running one', async (t) => {
  const emu = await emulator(t, 300);
  // The running crawl's second page hangs, so it is still running while we try.
  emu.faults.add({ kind: 'list', action: { type: 'delay', headersMillis: 3000 }, skip: 1, times: 1 });
  const dataDir = tempDataDir(t);
  const child = spawnFixture('test/crawl/fixtures/crawl-child.ts', [emu.endpoint, dataDir, '100']);
  t.after(() => killAndWait(child));
  await waitForLine(child, /^page 1 /);
  const listed = emu.stats.byKind.list;
  await assert.rejects(
    crawl({ dataDir, client: client(t, emu.endpoint), pageSize: 100 }),
    (error: unknown) => {
      assert.ok(error instanceof CatalogLockedError);
      assert.match(error.message, new RegExp(`pid ${child.pid} on .*command "crawl"`));
      return true;
    },
  );
  assert.equal(emu.stats.byKind.list, listed, 'the refused crawl made no request');
});

test('an abort between pages stops the crawl with the pages so far stored, and it resumes', async (t) => {
  const emu = await emulator(t, 500);
  const dataDir = tempDataDir(t);
  const controller = new AbortController();
  await assert.rejects(
    crawl({
      dataDir,
      client: client(t, emu.endpoint),
      pageSize: 100,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.type === 'page' && e.pages === 2) controller.abort();
      },
    }),
    AbortedError,
  );
  const done = await crawl({ dataDir, client: client(t, emu.endpoint), pageSize: 100 });
  assert.deepEqual([done.resumed, done.pages, done.snapshot.listed], [true, 3, 500]);
  assert.equal(emu.stats.byKind.list, 5);
});

test('a 400 after the first page is not mistaken for a refused expand value', async (t) => {
  const emu = await emulator(t, 300);
  emu.faults.add({
    kind: 'list',
    action: { type: 'status', status: 400, message: 'Invalid cursor' },
    skip: 1,
  });
  const dataDir = tempDataDir(t);
  await assert.rejects(
    crawl({ dataDir, client: client(t, emu.endpoint), pageSize: 100 }),
    (error: unknown) => error instanceof BadRequestError && /Invalid cursor/.test(error.message),
  );
  const catalog = openCatalog(dataDir);
  t.after(() => catalog.close());
  const snapshot = catalog.snapshots.current();
  assert.deepEqual([snapshot?.queryMode, snapshot?.pages], ['expand', 1]);
});
