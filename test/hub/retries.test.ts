import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { collect, testClient } from './helpers/client.js';
import { VirtualClock } from './helpers/virtual-clock.js';
import { closedPort, dropSocket, json, startServer, type TestServer } from './helpers/test-server.js';

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));
async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}

const MODEL = { _id: '621ffdc136468d709f17a5fd', id: 'org/model', sha: 'a'.repeat(40), downloads: 5 };

describe('retries', () => {
  it('500, then a reset socket, then 200: one result after 3 attempts', async () => {
    const server = await serve((req, res, n) => {
      if (n === 1) return json(res, 500, { error: 'boom' });
      if (n === 2) return dropSocket(req);
      json(res, 200, MODEL);
    });
    const { client, events, clock } = testClient(server.origin);
    const info = await client.modelInfo('org/model');
    assert.equal(info.model.id, 'org/model');
    assert.equal(server.requests.length, 3);
    const retries = events.filter((e) => e.type === 'retry');
    assert.deepEqual(
      retries.map((e) => e.type === 'retry' && [e.attempt, e.delayMillis]),
      [
        [1, 100],
        [2, 200],
      ],
    );
    assert.match(retries[0]?.type === 'retry' ? retries[0].reason : '', /HTTP 500/);
    assert.match(retries[1]?.type === 'retry' ? retries[1].reason : '', /ECONNRESET|UND_ERR_SOCKET/);
    assert.deepEqual(clock.sleeps, [100, 200]);
    await client.close();
  });

  it('a 429 with Retry-After: 2 is not retried before 2 s', async () => {
    const clock = new VirtualClock({ instant: true });
    const seenAt: number[] = [];
    const server = await serve((_req, res, n) => {
      seenAt.push(clock.now());
      if (n === 1) return json(res, 429, { error: 'slow down' }, { 'retry-after': '2' });
      json(res, 200, MODEL);
    });
    const { client, events } = testClient(server.origin, { clock });
    await client.modelInfo('org/model');
    assert.equal(seenAt.length, 2);
    assert.ok(seenAt[1]! - seenAt[0]! >= 2000, `retried after ${seenAt[1]! - seenAt[0]!} ms of virtual time`);
    const retry = events.find((e) => e.type === 'retry');
    assert.ok(retry?.type === 'retry' && retry.delayMillis >= 2000, 'retry delay at least the Retry-After');
    await client.close();
  });

  it('a 429 with RateLimit r=0;t=5 waits for the reset plus 1 s, and so does the next request', async () => {
    const server = await serve((_req, res, n) => {
      if (n === 1) {
        return json(
          res,
          429,
          { error: 'rate limited' },
          {
            ratelimit: '"api";r=0;t=5',
            'ratelimit-policy': '"fixed window";"api";q=100;w=300',
          },
        );
      }
      json(res, 200, MODEL, {
        ratelimit: `"api";r=${100 - n};t=300`,
        'ratelimit-policy': '"fixed window";"api";q=100;w=300',
      });
    });
    const { client, clock, events } = testClient(server.origin);
    const start = clock.now();
    await client.modelInfo('org/model');
    assert.ok(clock.now() - start >= 6000, `waited ${clock.now() - start} ms`);
    assert.ok(events.some((e) => e.type === 'retry' && e.delayMillis >= 6000));
    await client.close();
  });

  it('gives up with a RateLimitedError carrying the wait when the server keeps refusing', async () => {
    const server = await serve((_req, res) => json(res, 429, { error: 'no' }, { 'retry-after': '3' }));
    const { client } = testClient(server.origin, {
      retry: { limit: 4, rateLimitLimit: 3, baseDelayMillis: 10 },
    });
    await assert.rejects(client.modelInfo('org/model'), (error: Error & Record<string, unknown>) => {
      assert.equal(error.code, 'RATE_LIMITED');
      assert.equal(error.retryAfterSeconds, 3);
      assert.equal(error.status, 429);
      assert.match(error.message, /gave up after 3 attempts/);
      return true;
    });
    assert.equal(server.requests.length, 3);
    await client.close();
  });

  it('gives up on a server that keeps failing with a ServerError', async () => {
    const server = await serve((_req, res) =>
      json(res, 503, { error: 'down' }, { 'x-request-id': 'Root=1-xyz' }),
    );
    const { client, clock } = testClient(server.origin);
    await assert.rejects(client.modelInfo('org/model'), {
      code: 'SERVER_ERROR',
      status: 503,
      requestId: 'Root=1-xyz',
      url: `${server.origin}/api/models/org/model`,
    });
    assert.equal(server.requests.length, 4);
    assert.deepEqual(clock.sleeps, [100, 200, 400]);
    await client.close();
  });

  it('does not retry what retrying cannot fix (404)', async () => {
    const server = await serve((_req, res) =>
      json(res, 404, { error: 'nope' }, { 'x-error-code': 'RepoNotFound' }),
    );
    const { client } = testClient(server.origin);
    await assert.rejects(client.modelInfo('org/model'), { code: 'REPO_NOT_FOUND' });
    assert.equal(server.requests.length, 1);
    await client.close();
  });

  it('retries a JSON body cut short', async () => {
    const server = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('[{"id":"a/');
        setTimeout(() => res.socket?.destroy(), 5);
        return;
      }
      json(res, 200, [{ id: 'a/b' }]);
    });
    const { client } = testClient(server.origin);
    const pages = await collect(client.listModelPages({}));
    assert.equal(pages[0]?.items[0]?.model.id, 'a/b');
    assert.equal(server.requests.length, 2);
    await client.close();
  });

  it('connection refused: a clear NetworkError after the retries', async () => {
    const port = await closedPort();
    const { client, events } = testClient(`http://127.0.0.1:${port}`, {
      retry: { limit: 3, baseDelayMillis: 1 },
    });
    await assert.rejects(
      collect(client.listModelPages({ limit: 10 })),
      (error: Error & Record<string, unknown>) => {
        assert.equal(error.code, 'NETWORK_ERROR');
        assert.equal(error.url, `http://127.0.0.1:${port}/api/models?limit=10`);
        assert.match(error.message, /ECONNREFUSED/);
        assert.match(error.message, /gave up after 3 attempts/);
        return true;
      },
    );
    assert.equal(events.filter((e) => e.type === 'retry').length, 2);
    assert.equal(events.filter((e) => e.type === 'request').length, 3);
    await client.close();
  });

  it('DNS failure: a NetworkError too', async () => {
    const { client } = testClient('http://no-such-host.invalid', { retry: { limit: 2, baseDelayMillis: 1 } });
    await assert.rejects(client.modelInfo('a/b'), (error: Error & Record<string, unknown>) => {
      assert.equal(error.code, 'NETWORK_ERROR');
      assert.match(error.message, /ENOTFOUND|EAI_AGAIN/);
      return true;
    });
    await client.close();
  });

  it('an aborted signal stops a backoff wait with AbortedError', async () => {
    const server = await serve((_req, res) => json(res, 503, { error: 'down' }));
    const controller = new AbortController();
    const { client, clock } = testClient(server.origin, { signal: controller.signal });
    clock.sleep = () => {
      controller.abort();
      return Promise.reject(Object.assign(new Error('aborted'), { code: 'ABORTED' }));
    };
    await assert.rejects(client.modelInfo('org/model'), { code: 'ABORTED' });
    await client.close();
  });

  it(
    'a request stops when either its own signal or the client signal aborts (signals reused across calls)',
    { timeout: 10_000 },
    async () => {
      // every request hangs until the test ends: only an abort can end it
      const hanging: Array<() => void> = [];
      const server = await serve((_req, res) => {
        hanging.push(() => res.destroy());
      });
      const clientAbort = new AbortController();
      const { client } = testClient(server.origin, { signal: clientAbort.signal });
      const repo = new AbortController();
      // two calls with the same call signal share one combined signal; aborting the call signal ends both
      const first = client.openFile('org/model', 'main', 'a.bin', { signal: repo.signal });
      const second = client.openFile('org/model', 'main', 'b.bin', { signal: repo.signal });
      while (hanging.length < 2) await new Promise((r) => setTimeout(r, 5));
      repo.abort();
      await assert.rejects(first, { code: 'ABORTED' });
      await assert.rejects(second, { code: 'ABORTED' });
      // the client's own signal ends a call that brought a signal of its own
      const third = client.openFile('org/model', 'main', 'c.bin', { signal: new AbortController().signal });
      while (hanging.length < 3) await new Promise((r) => setTimeout(r, 5));
      clientAbort.abort();
      await assert.rejects(third, { code: 'ABORTED' });
      for (const end of hanging) end();
      await client.close();
    },
  );

  it(
    'requests in flight on one call signal (a file in parts) raise no listener-leak warning',
    { timeout: 10_000 },
    async () => {
      const hanging: Array<() => void> = [];
      const server = await serve((_req, res) => {
        hanging.push(() => res.destroy());
      });
      const warnings: Error[] = [];
      const onWarning = (w: Error) => warnings.push(w);
      process.on('warning', onWarning);
      try {
        const { client } = testClient(server.origin, {
          signal: new AbortController().signal,
          connections: 16,
        });
        const part = new AbortController();
        const calls = Array.from({ length: 16 }, (_, i) =>
          client.openFile('org/model', 'main', `w.bin`, { signal: part.signal, start: i }).catch((e) => e),
        );
        while (hanging.length < 16) await new Promise((r) => setTimeout(r, 5));
        part.abort();
        await Promise.all(calls);
        for (const end of hanging) end();
        await client.close();
        // warnings are emitted on the next tick
        await new Promise((r) => setImmediate(r));
      } finally {
        process.off('warning', onWarning);
      }
      assert.deepEqual(
        warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message),
        [],
      );
    },
  );

  it('never puts the token in an error message or an event', async () => {
    const token = 'hf_supersecret_token_123';
    const server = await serve((req, res) => {
      res.writeHead(500, { 'x-error-message': `bad ${req.headers.authorization ?? ''}` });
      res.end(`echo ${req.headers.authorization ?? ''}`);
    });
    const { client, events } = testClient(server.origin, { token, retry: { limit: 2, baseDelayMillis: 1 } });
    const error = await client.modelInfo('org/model').catch((e: unknown) => e);
    assert.ok(error instanceof Error);
    assert.equal(server.requests[0]?.headers.authorization, `Bearer ${token}`);
    assert.doesNotMatch(`${error.message} ${JSON.stringify(error)}`, /supersecret/);
    assert.doesNotMatch(JSON.stringify(events), /supersecret/);
    await client.close();
  });
});
