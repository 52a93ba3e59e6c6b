/**
 * 429 storms during a crawl are ridden out, and no request follows a 429 sooner than its Retry-After. The
 * gaps are measured on a recording proxy between the emulator and the client: from the moment the 429 was
 * sent to the arrival of the next request (a lower bound on what the client waited).
 */
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { crawl } from '../../src/crawl/index.js';
import { type EmulatorOptions, startEmulator } from '../../src/emulator/index.js';
import { type HubClientEvent, createHubClient } from '../../src/hub/index.js';
import { tempDataDir } from '../catalog/helpers.js';
import { type Exchange, startRecordingProxy } from './recording-proxy.js';

/** Node timers may fire up to a millisecond early (rounding); nothing else is allowed. */
const TIMER_SLACK_MILLIS = 2;

async function crawlThroughProxy(t: TestContext, options: EmulatorOptions) {
  const emu = await startEmulator(options);
  t.after(() => emu.close());
  const proxy = await startRecordingProxy(emu.endpoint);
  t.after(() => proxy.close());
  const events: HubClientEvent[] = [];
  // A short exponential backoff, so that the waits measured are the server's Retry-After, not the backoff.
  const client = createHubClient({
    endpoint: proxy.endpoint,
    retry: { baseDelayMillis: 50, maxDelayMillis: 200 },
    onEvent: (e) => events.push(e),
  });
  t.after(() => client.close());
  const dataDir = tempDataDir(t);
  const summary = await crawl({ dataDir, client, pageSize: 100 });
  const catalog = openCatalog(dataDir);
  const ids = [...catalog.models.iterateIds(summary.snapshot.id)];
  catalog.close();
  return { emu, proxy, events, summary, ids, expected: [...emu.hub.models()].map((m) => m.id) };
}

/** Every 429 and the gap until the next request arrived. */
function gapsAfter429(exchanges: Exchange[]): { asked: number; waited: number }[] {
  const byArrival = [...exchanges].sort((a, b) => a.arrivedAt - b.arrivedAt);
  return byArrival.flatMap((ex, i) => {
    if (ex.status !== 429) return [];
    const next = byArrival[i + 1];
    assert.ok(next !== undefined, 'the crawl went on after the 429');
    return [{ asked: Number(ex.retryAfter) * 1000, waited: next.arrivedAt - ex.finishedAt }];
  });
}

test('a storm of 429s on one page is ridden out, each retry no sooner than Retry-After', async (t) => {
  const { proxy, events, summary, ids, expected } = await crawlThroughProxy(t, {
    models: 450,
    seed: 'storm',
    faults: [{ kind: 'list', action: { type: 'rate-limit', retryAfterSeconds: 1 }, skip: 1, times: 3 }],
  });
  assert.equal(summary.snapshot.status, 'finished');
  assert.deepEqual(ids, expected);
  const gaps = gapsAfter429(proxy.exchanges);
  assert.equal(gaps.length, 3);
  for (const { asked, waited } of gaps) {
    assert.equal(asked, 1000);
    assert.ok(
      waited >= asked - TIMER_SLACK_MILLIS,
      `retried after ${waited.toFixed(1)} ms, asked ${asked} ms`,
    );
  }
  const retries = events.filter((e) => e.type === 'retry');
  assert.equal(retries.length, 3);
  assert.ok(retries.every((e) => e.type === 'retry' && e.delayMillis >= 1000));
  assert.equal(proxy.exchanges.length, 5 + 3, 'five pages plus three refused attempts');
});

test('an exhausted quota is waited out: nothing sooner than the server asked, the listing complete', async (t) => {
  const { proxy, summary, ids, expected } = await crawlThroughProxy(t, {
    models: 600,
    seed: 'quota',
    rateLimits: { api: { quota: 3, windowSeconds: 1 } },
  });
  assert.equal(summary.snapshot.status, 'finished');
  assert.deepEqual(ids, expected);
  for (const { asked, waited } of gapsAfter429(proxy.exchanges)) {
    assert.ok(
      waited >= asked - TIMER_SLACK_MILLIS,
      `retried after ${waited.toFixed(1)} ms, asked ${asked} ms`,
    );
  }
  assert.equal(proxy.exchanges.filter((ex) => ex.status === 200).length, 6);
});
