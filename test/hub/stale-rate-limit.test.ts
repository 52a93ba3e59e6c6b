/**
 * A caching mirror replays the same `RateLimit: "resolvers";r=2999;t=1` with `RateLimit-Policy: q=500;w=300`
 * on every answer. The server's latest counter wins over the pacer's own extrapolation, so such a run takes
 * at most 1.5x the time of a run with honest headers (measured on a virtual clock: each request costs 20 ms
 * of server time, the pacer's waits are added), while real exhaustion (r=0) is still honoured.
 */
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { testClient } from './helpers/client.js';
import { startServer, type TestServer } from './helpers/test-server.js';
import { VirtualClock } from './helpers/virtual-clock.js';

const FILES = 1200;
const SERVICE_MILLIS = 5;
const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

/** A resolver enforcing 3000 requests per 300 s; `stale` replays one fixed header pair instead of the truth. */
async function resolver(clock: VirtualClock, stale: boolean) {
  let windowEnd = 0;
  let used = 0;
  const statuses: number[] = [];
  const server = await startServer((_req, res) => {
    clock.tick(SERVICE_MILLIS);
    const now = clock.now();
    if (now >= windowEnd) {
      windowEnd = now + 300_000;
      used = 0;
    }
    used += 1;
    const t = Math.ceil((windowEnd - now) / 1000);
    const headers = stale
      ? {
          ratelimit: '"resolvers";r=999;t=1',
          'ratelimit-policy': '"fixed window";"resolvers";q=500;w=300',
        }
      : {
          ratelimit: `"resolvers";r=${Math.max(0, 3000 - used)};t=${t}`,
          'ratelimit-policy': '"fixed window";"resolvers";q=3000;w=300',
        };
    const status = used > 3000 ? 429 : 200;
    statuses.push(status);
    res.writeHead(status, {
      ...headers,
      'x-repo-commit': 'c'.repeat(40),
      'content-length': '2',
      etag: '"e"',
    });
    res.end('ok');
  });
  servers.push(server);
  return { server, statuses };
}

async function drain(body: Readable): Promise<void> {
  for await (const _chunk of body) void _chunk;
}

/** Virtual milliseconds to fetch FILES files with 8 workers. */
async function runTime(stale: boolean): Promise<{ millis: number; statuses: number[] }> {
  const clock = new VirtualClock({ instant: true });
  const { server, statuses } = await resolver(clock, stale);
  const { client } = testClient(server.origin, { clock });
  const start = clock.now();
  let next = 0;
  const worker = async () => {
    while (next < FILES) {
      const i = next++;
      await drain((await client.openFile('org/model', 'main', `f${i}.bin`)).body);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await client.close();
  return { millis: clock.now() - start, statuses };
}

describe('stale rate-limit headers', () => {
  it('a run with stale, contradicting headers takes at most 1.5x an honest run', async () => {
    const honest = await runTime(false);
    const stale = await runTime(true);
    const ratio = stale.millis / honest.millis;
    console.log(
      `stale/honest virtual time: ${ratio.toFixed(2)}x (${stale.millis} ms vs ${honest.millis} ms)`,
    );
    assert.ok(ratio <= 1.5, `stale headers cost ${ratio.toFixed(2)}x an honest run`);
    assert.ok(stale.statuses.every((s) => s === 200) && honest.statuses.every((s) => s === 200));
  });

  it('the latest r=0 still makes the next request wait for the reset', async () => {
    const clock = new VirtualClock({ instant: true });
    const server = await startServer((_req, res, n) => {
      const ratelimit = n === 2 ? '"resolvers";r=0;t=30' : '"resolvers";r=2999;t=1';
      res.writeHead(200, { ratelimit, 'x-repo-commit': 'c'.repeat(40), 'content-length': '2', etag: '"e"' });
      res.end('ok');
    });
    servers.push(server);
    const { client } = testClient(server.origin, { clock });
    for (let i = 0; i < 3; i++) await drain((await client.openFile('org/model', 'main', `f${i}.bin`)).body);
    assert.ok(
      clock.sleeps.some((ms) => ms >= 30_000),
      `waited for the reset after r=0: ${clock.sleeps.join(',')}`,
    );
    await client.close();
  });
});
