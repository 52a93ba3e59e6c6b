/**
 * Answers from a hostile server must cost bounded memory and bounded time: a JSON answer larger than the
 * cap, a page with more items than a page may hold, `next` links that loop (listing and tree), and bodies
 * dripped a byte at a time all end in a clear error (after the usual retries), never in a crash or a hang.
 */
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { BadResponseError, NetworkError } from '../../src/errors.js';
import { collect, testClient } from './helpers/client.js';
import { json, startServer, type TestServer } from './helpers/test-server.js';

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

const SHA = 'b'.repeat(40);
/** Each test alone: a client without the bounds hangs on these servers instead of failing. */
const T = { timeout: 15_000 };

describe('bounded memory for any answer', () => {
  it('a JSON answer larger than the cap is refused by its Content-Length, before it is read', T, async () => {
    const server = await serve((_req, res) => {
      // Declares 2 GiB and sends a first chunk; a client that reads it all would hold 2 GiB.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(2 ** 31) });
      res.write('[');
    });
    const { client } = testClient(server.origin, { maxJsonBytes: 1024 * 1024 });
    await assert.rejects(collect(client.listModelPages({ limit: 1000 })), (error: unknown) => {
      assert.ok(error instanceof BadResponseError, String(error));
      assert.match(error.message, /larger than 1 MiB, the cap on one JSON answer/);
      return true;
    });
    await client.close();
  });

  it('a chunked JSON answer is cut as soon as it passes the cap', T, async () => {
    let sent = 0;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (sent < 64 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => (sent = Infinity));
      pump();
    });
    const { client } = testClient(server.origin, { maxJsonBytes: 1024 * 1024 });
    await assert.rejects(client.modelInfo('org/big'), /larger than 1 MiB/);
    await client.close();
  });

  it('a listing page holding more items than a page may is refused', T, async () => {
    const server = await serve((_req, res) => {
      json(
        res,
        200,
        Array.from({ length: 50 }, (_, i) => ({ _id: String(i), id: `org/m${i}` })),
      );
    });
    const { client } = testClient(server.origin, { maxPageItems: 20 });
    await assert.rejects(
      collect(client.listModelPages({ limit: 10 })),
      /holds 50 items, more than the 20 one page may hold/,
    );
    await client.close();
  });

  it('a listing whose next links loop A -> B -> A stops with a pagination-cycle error', T, async () => {
    const server = await serve((req, res) => {
      const cursor = new URL(req.url ?? '/', 'http://x').searchParams.get('cursor') ?? 'A';
      const next = cursor === 'A' ? 'B' : 'A';
      json(res, 200, [{ _id: cursor, id: `org/${cursor}` }], {
        link: `<${server.origin}/api/models?cursor=${next}>; rel="next"`,
      });
    });
    const { client } = testClient(server.origin);
    const pages: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const page of client.listModelPages({}, `${server.origin}/api/models?cursor=A`)) {
          pages.push(page.url);
          if (pages.length > 10) throw new Error('followed the cycle');
        }
      })(),
      /pagination cycle/,
    );
    assert.equal(pages.length, 1, 'page A is yielded, page B is refused since it leads back to A');
    await client.close();
  });

  it('a tree listing whose next links loop stops with a pagination-cycle error', T, async () => {
    const server = await serve((req, res) => {
      const cursor = new URL(req.url ?? '/', 'http://x').searchParams.get('cursor') ?? 'A';
      const next = cursor === 'A' ? 'B' : 'A';
      json(res, 200, [{ type: 'file', oid: SHA, size: 1, path: `f-${cursor}` }], {
        link: `<${server.origin}/api/models/org/m/tree/main?recursive=true&cursor=${next}>; rel="next"`,
      });
    });
    const { client } = testClient(server.origin);
    let files = 0;
    await assert.rejects(
      (async () => {
        for await (const _file of client.listFiles('org/m', 'main')) {
          if (++files > 10) throw new Error('followed the cycle');
        }
      })(),
      /pagination cycle/,
    );
    await client.close();
  });
});

describe('deadlines', () => {
  /** Sends `text` one byte per `gapMillis`: slow enough to fail a speed floor, fast enough for bodyTimeout. */
  function drip(res: ServerResponse, text: string, gapMillis: number): void {
    let i = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      res.write(text[i++] ?? '');
      if (i >= text.length) {
        clearInterval(timer);
        res.end();
      }
    }, gapMillis);
    res.on('close', () => clearInterval(timer));
  }

  const slowFloor = { minBytesPerSecond: 1000, speedWindowMillis: 200, deadlineMillis: 60_000 };

  it(
    'an API answer dripped under the minimum speed is retried, and the retry that comes fast succeeds',
    T,
    async () => {
      const body = JSON.stringify({ _id: '1', id: 'org/m', sha: SHA });
      const server = await serve((_req, res, n) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        if (n === 1) return drip(res, body, 50);
        res.end(body);
      });
      const { client, events } = testClient(server.origin, { transfer: { api: slowFloor } });
      const info = await client.modelInfo('org/m');
      assert.equal(info.model.id, 'org/m');
      const retry = events.find((e) => e.type === 'retry');
      assert.ok(retry !== undefined && retry.type === 'retry');
      assert.match(retry.reason, /slower than 1000 B\/s over 200 ms/);
      await client.close();
    },
  );

  it('an API answer that keeps dripping fails with a network error after the retries', T, async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      drip(res, JSON.stringify({ _id: '1', id: 'org/m' }).repeat(100), 40);
    });
    const { client } = testClient(server.origin, {
      transfer: { api: slowFloor },
      retry: { limit: 2, baseDelayMillis: 1, maxDelayMillis: 1 },
    });
    await assert.rejects(client.modelInfo('org/m'), (error: unknown) => {
      assert.ok(error instanceof NetworkError, String(error));
      assert.match(error.message, /slower than 1000 B\/s/);
      return true;
    });
    assert.equal(server.requests.length, 2, 'retried as the policy says');
    await client.close();
  });

  it('an answer fast enough for the floor but never ending stops at the overall deadline', T, async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '.repeat(512)), 20);
      res.on('close', () => clearInterval(timer));
    });
    const { client } = testClient(server.origin, {
      transfer: { api: { minBytesPerSecond: 1000, speedWindowMillis: 200, deadlineMillis: 600 } },
      retry: { limit: 1 },
    });
    await assert.rejects(client.modelInfo('org/m'), /no complete answer within the 600 ms deadline/);
    await client.close();
  });

  it(
    'a file body dripped under the minimum speed ends in an error the download resumes from',
    T,
    async () => {
      const server = await serve((_req, res) => {
        res.writeHead(200, { 'content-length': '100', 'x-repo-commit': SHA, etag: '"abc"' });
        drip(res, 'x'.repeat(100), 50);
      });
      const { client } = testClient(server.origin, { transfer: { file: slowFloor } });
      const file = await client.openFile('org/m', SHA, 'weights.bin');
      let received = 0;
      await assert.rejects(
        (async () => {
          for await (const chunk of file.body as Readable) received += (chunk as Buffer).length;
        })(),
        /slower than 1000 B\/s/,
      );
      assert.ok(received < 100, `the body was cut (${received} bytes received)`);
      await client.close();
    },
  );
});

describe('numbers from the server are checked', () => {
  it('model info whose sizes are -1, 1.5 or 1e300, or whose blob id is not hex, is a bad response for that repo', async () => {
    const siblings: Record<string, unknown> = {
      'org/negative': { rfilename: 'a.bin', blobId: SHA, size: -1 },
      'org/fraction': { rfilename: 'a.bin', blobId: SHA, size: 1.5 },
      'org/huge': {
        rfilename: 'a.bin',
        blobId: SHA,
        size: 1e300,
        lfs: { sha256: 'd'.repeat(64), size: 1e300 },
      },
      'org/not-hex': { rfilename: 'a.bin', blobId: 'not-a-blob-id', size: 1 },
      'org/fine': { rfilename: 'a.bin', blobId: SHA, size: 1 },
    };
    const server = await serve((req, res) => {
      const id = (req.url ?? '').split('?')[0]?.replace('/api/models/', '') ?? '';
      json(res, 200, { _id: '1', id, sha: SHA, siblings: [siblings[id]] });
    });
    const { client } = testClient(server.origin);
    for (const id of ['org/negative', 'org/fraction', 'org/huge', 'org/not-hex']) {
      await assert.rejects(client.modelInfo(id, { blobs: true }), (error: unknown) => {
        assert.ok(error instanceof BadResponseError, `${id}: ${String(error)}`);
        assert.match(error.message, /should be (a size in bytes|a git object id)/);
        return true;
      });
    }
    const fine = await client.modelInfo('org/fine', { blobs: true });
    assert.deepEqual(
      fine.files?.map((f) => f.size),
      [1],
    );
    await client.close();
  });

  it('a tree entry with a negative size is a bad response', async () => {
    const server = await serve((_req, res) =>
      json(res, 200, [{ type: 'file', oid: SHA, size: -1, path: 'weights.bin' }]),
    );
    const { client } = testClient(server.origin);
    await assert.rejects(collect(client.listFiles('org/m', 'main')), BadResponseError);
    await client.close();
  });
});
