/**
 * Rate-limit headers from a hostile (or broken) server must never make the client wait without bound, spin,
 * or stop answering signals: waits longer than the cap fail the request with RATE_LIMITED at once, numbers
 * that no timer can hold are refused, and a window of a fraction of a millisecond is not a policy.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RateLimitedError } from '../../src/errors.js';
import { testClient } from './helpers/client.js';
import { json, startServer, type TestServer } from './helpers/test-server.js';

const servers: TestServer[] = [];
const dirs: string[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const SHA = 'a'.repeat(40);
const CAP_MILLIS = 360_000;

function info(id: string) {
  return { _id: '1', id, sha: SHA };
}

async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

describe('hostile rate-limit headers', () => {
  it('one 200 with r=0;t=100000 fails the next API request with RATE_LIMITED instead of waiting 27 hours', async () => {
    const server = await serve((req, res) => {
      const id = (req.url ?? '').split('?')[0]?.replace('/api/models/', '') ?? '';
      json(res, 200, info(id), { ratelimit: '"api";r=0;t=100000' });
    });
    const { client, clock } = testClient(server.origin);
    await client.modelInfo('org/first');
    await assert.rejects(client.modelInfo('org/second'), (error: unknown) => {
      assert.ok(error instanceof RateLimitedError, String(error));
      assert.equal(error.code, 'RATE_LIMITED');
      assert.match(error.message, /longer than the 360 s we wait/);
      return true;
    });
    assert.ok(
      clock.sleeps.every((ms) => ms <= CAP_MILLIS),
      `no wait beyond the cap: ${clock.sleeps.join(',')}`,
    );
    assert.equal(server.requests.length, 1, 'the second request was never sent');
    await client.close();
  });

  it('Retry-After: 100000 on one repo fails that repo and does not hold the next one for 27 hours', async () => {
    const server = await serve((req, res) => {
      if ((req.url ?? '').includes('org/slow')) {
        res.writeHead(429, { 'retry-after': '100000' });
        return void res.end('slow down');
      }
      json(res, 200, info('org/fast'));
    });
    const { client, clock } = testClient(server.origin);
    await assert.rejects(client.modelInfo('org/slow'), { code: 'RATE_LIMITED' });
    await assert.rejects(client.modelInfo('org/fast'), { code: 'RATE_LIMITED' });
    assert.ok(
      clock.sleeps.every((ms) => ms <= CAP_MILLIS),
      `no wait beyond the cap: ${clock.sleeps.join(',')}`,
    );
    await client.close();
  });

  it('a t beyond the timer range and a Retry-After of 400 digits are refused, not slept on', async () => {
    const huge = '9'.repeat(400);
    const server = await serve((_req, res, n) => {
      if (n === 1) return json(res, 200, info('org/a'), { ratelimit: `"api";r=0;t=${huge}` });
      if (n === 2) {
        res.writeHead(429, { 'retry-after': huge });
        return void res.end('no');
      }
      json(res, 200, info('org/a'));
    });
    const { client, clock } = testClient(server.origin);
    await client.modelInfo('org/a');
    // The t of 400 digits is not a number: nothing paces the next request.
    await client.modelInfo('org/a');
    assert.ok(
      clock.sleeps.every((ms) => Number.isFinite(ms) && ms <= CAP_MILLIS),
      `waits: ${clock.sleeps.join(',')}`,
    );
    await client.close();
  });

  it('RateLimit-Policy w=0.0000001 does not spin: a crawl finishes (and would answer SIGTERM)', async () => {
    // Page 1 states a window of 0.1 µs; page 2 comes 1.2 s later, so the pacer rolls that window over
    // before page 3. A loop stepping 0.1 µs at a time never ends, in synchronous code.
    const server = await serve(async (req, res) => {
      const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('cursor') ?? '1');
      const next: Record<string, string> =
        page < 3 ? { link: `<${server.origin}/api/models?limit=1000&cursor=${page + 1}>; rel="next"` } : {};
      if (page === 2) await new Promise((resolve) => setTimeout(resolve, 1200));
      const limits: Record<string, string> =
        page === 1
          ? { ratelimit: '"api";r=400;t=0', 'ratelimit-policy': '"fixed window";"api";q=500;w=0.0000001' }
          : {};
      json(res, 200, [{ _id: `m${page}`, id: `org/m${page}` }], { ...next, ...limits });
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'hostile-pacing-'));
    dirs.push(dataDir);
    const outcome = await runUntil(
      ['crawl', '--data-dir', dataDir, '--endpoint', server.origin, '--quiet'],
      30_000,
    );
    assert.equal(outcome, 'exited 0', 'the crawl ends on its own');
  });
});

describe('waits stay interruptible', () => {
  it('SIGTERM during a (capped) 100 s pacer wait ends the crawl, resumable', async () => {
    let served = 0;
    const server = await serve((_req, res) => {
      served += 1;
      json(res, 200, [{ _id: 'a', id: 'org/a' }], {
        ratelimit: '"api";r=0;t=100',
        link: `<${server.origin}/api/models?cursor=2>; rel="next"`,
      });
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'hostile-pacing-'));
    dirs.push(dataDir);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, '../helpers/cli-child.ts'),
        'crawl',
        '--data-dir',
        dataDir,
        '--endpoint',
        server.origin,
        '--quiet',
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Once page 1 is in, the crawl waits 101 s for page 2: stop it then.
    while (served < 1) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(kill);
    assert.notEqual(code, null, 'ended by its own SIGTERM handling, not by SIGKILL');
    assert.equal(served, 1, 'page 2 was never asked for');
  });
});

/**
 * Runs the CLI in a child process; if it has not ended after `graceMillis`, sends SIGTERM, then SIGKILL.
 * Says how it ended: `exited N`, `ended by SIGTERM` (it was stuck but interruptible) or `ignored SIGTERM`.
 */
function runUntil(args: string[], graceMillis: number): Promise<string> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, '../helpers/cli-child.ts'), ...args],
    { stdio: 'ignore' },
  );
  return new Promise((resolve) => {
    let verdict: string | null = null;
    const term = setTimeout(() => {
      verdict = 'ended by SIGTERM';
      child.kill('SIGTERM');
    }, graceMillis);
    const kill = setTimeout(() => {
      verdict = 'ignored SIGTERM';
      child.kill('SIGKILL');
    }, graceMillis + 5000);
    child.on('exit', (code) => {
      clearTimeout(term);
      clearTimeout(kill);
      resolve(verdict ?? `exited ${code}`);
    });
  });
}
