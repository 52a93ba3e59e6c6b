import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { testClient } from './helpers/client.js';
import { startServer, type TestServer } from './helpers/test-server.js';
import { VirtualClock } from './helpers/virtual-clock.js';

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

/**
 * A resolver that enforces a fixed window of `quota` requests per `windowMillis` of virtual time, with the
 * Hub's headers on every answer, and a 429 (r=0, Retry-After) past the quota.
 */
async function quotaServer(clock: VirtualClock, quota: number, windowMillis: number) {
  let windowEnd = 0;
  let used = 0;
  const outcomes: number[] = [];
  const server = await startServer((_req, res) => {
    const now = clock.now();
    if (now >= windowEnd) {
      windowEnd = (Math.floor(now / windowMillis) + 1) * windowMillis;
      used = 0;
    }
    used += 1;
    const t = Math.ceil((windowEnd - now) / 1000);
    const headers = {
      ratelimit: `"resolvers";r=${Math.max(0, quota - used)};t=${t}`,
      'ratelimit-policy': `"fixed window";"resolvers";q=${quota};w=${windowMillis / 1000}`,
      'x-repo-commit': 'c'.repeat(40),
    };
    if (used > quota) {
      outcomes.push(429);
      res.writeHead(429, { ...headers, 'retry-after': String(t) });
      return void res.end('Too Many Requests');
    }
    outcomes.push(200);
    res.writeHead(200, { ...headers, 'content-length': '2', etag: '"abc"' });
    res.end('ok');
  });
  servers.push(server);
  return { server, outcomes };
}

async function drain(body: Readable): Promise<void> {
  for await (const _chunk of body) void _chunk;
}

describe('pacing with concurrent requests', () => {
  it('8 workers, 60 files, quota 10 per 10 s: no 429, never more than the quota per window', async () => {
    const clock = new VirtualClock({ instant: true });
    const { server, outcomes } = await quotaServer(clock, 10, 10_000);
    const { client, events } = testClient(server.origin, { clock });
    let next = 0;
    const worker = async () => {
      while (next < 60) {
        const i = next++;
        const file = await client.openFile('org/model', 'main', `f${i}.bin`);
        await drain(file.body);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    assert.equal(outcomes.length, 60, 'one request per file: nothing retried');
    assert.ok(
      outcomes.every((status) => status === 200),
      `statuses: ${outcomes.join(',')}`,
    );
    assert.ok(events.some((e) => e.type === 'rate-limit-wait' && e.bucket === 'resolvers'));
    await client.close();
  });

  it('without pacing the same load runs into 429s (the test can fail)', async () => {
    const clock = new VirtualClock({ instant: true });
    const { server, outcomes } = await quotaServer(clock, 10, 10_000);
    const { client } = testClient(server.origin, { clock, pacing: { enabled: false } });
    let next = 0;
    const worker = async () => {
      while (next < 30) {
        const i = next++;
        const file = await client.openFile('org/model', 'main', `f${i}.bin`);
        await drain(file.body);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    assert.ok(outcomes.includes(429));
    await client.close();
  });
});
