import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { collect, testClient } from './helpers/client.js';
import { VirtualClock } from './helpers/virtual-clock.js';
import { json, startServer, type TestServer } from './helpers/test-server.js';

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));
async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}

/** A listing of `total` models in pages of `limit`, with an absolute Link carrying every param + cursor. */
function listing(
  total: number,
  origin: () => string,
  extraHeaders: (n: number) => Record<string, string> = () => ({}),
) {
  return (req: { url?: string }, res: Parameters<typeof json>[0], n: number) => {
    const url = new URL(req.url ?? '/', origin());
    if (url.pathname !== '/api/models') return json(res, 404, { error: 'no' });
    const limit = Number(url.searchParams.get('limit') ?? '1000');
    const cursor = Number(url.searchParams.get('cursor') ?? '0');
    const items = [];
    for (let i = cursor; i < Math.min(total, cursor + limit); i++) {
      items.push({ _id: i.toString(16).padStart(24, '0'), id: `org/model-${i}`, downloads: total - i });
    }
    const headers: Record<string, string> = { ...extraHeaders(n) };
    if (cursor + limit < total) {
      const next = new URL(url);
      next.searchParams.set('cursor', String(cursor + limit));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    json(res, 200, items, headers);
  };
}

describe('listModelPages', () => {
  it('follows the absolute Link over several pages, verbatim', async () => {
    let origin = '';
    const server = await serve(listing(25, () => origin));
    origin = server.origin;
    const { client } = testClient(origin);
    const pages = await collect(
      client.listModelPages({
        limit: 10,
        sort: 'downloads',
        expand: ['author', 'downloads'],
        filter: ['a:b'],
      }),
    );
    assert.deepEqual(
      pages.map((p) => p.items.length),
      [10, 10, 5],
    );
    assert.equal(
      pages[0]?.url,
      `${origin}/api/models?filter=a%3Ab&sort=downloads&limit=10&expand=author&expand=downloads`,
    );
    assert.equal(
      pages[0]?.nextUrl,
      `${origin}/api/models?filter=a%3Ab&sort=downloads&limit=10&expand=author&expand=downloads&cursor=10`,
    );
    assert.equal(pages[1]?.url, pages[0]?.nextUrl);
    assert.equal(pages[2]?.nextUrl, null);
    // Follow-up pages are requested exactly as linked: no parameter added or repeated.
    assert.deepEqual(
      server.requests.map((r) => r.url),
      [
        '/api/models?filter=a%3Ab&sort=downloads&limit=10&expand=author&expand=downloads',
        '/api/models?filter=a%3Ab&sort=downloads&limit=10&expand=author&expand=downloads&cursor=10',
        '/api/models?filter=a%3Ab&sort=downloads&limit=10&expand=author&expand=downloads&cursor=20',
      ],
    );
    const ids = pages.flatMap((p) => p.items.map((i) => i.model.id));
    assert.equal(new Set(ids).size, 25);
    assert.deepEqual(pages[0]?.items[0]?.raw, {
      _id: '000000000000000000000000',
      id: 'org/model-0',
      downloads: 25,
    });
    await client.close();
  });

  it('resumes from a stored next URL without re-reading earlier pages', async () => {
    let origin = '';
    const server = await serve(listing(25, () => origin));
    origin = server.origin;
    const { client } = testClient(origin);
    const resumeUrl = `${origin}/api/models?limit=10&cursor=20`;
    const pages = await collect(client.listModelPages({ limit: 10 }, resumeUrl));
    assert.equal(pages.length, 1);
    assert.equal(pages[0]?.items[0]?.model.id, 'org/model-20');
    assert.deepEqual(
      server.requests.map((r) => r.url),
      ['/api/models?limit=10&cursor=20'],
    );
    await client.close();
  });

  it('a page that is not JSON is a BadResponseError naming the URL, after the good pages', async () => {
    const server = await serve((_req, res, n) => {
      if (n === 1)
        return json(res, 200, [{ id: 'a/b' }], {
          link: `<${server.origin}/api/models?cursor=x>; rel="next"`,
        });
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Gateway error</html>');
    });
    const { client } = testClient(server.origin);
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const page of client.listModelPages({})) seen.push(page.url);
      })(),
      (error: Error & Record<string, unknown>) => {
        assert.equal(error.code, 'BAD_RESPONSE');
        assert.equal(error.url, `${server.origin}/api/models?cursor=x`);
        assert.match(error.message, /not JSON.*<html>Gateway error/);
        return true;
      },
    );
    assert.deepEqual(seen, [`${server.origin}/api/models`]);
    await client.close();
  });

  it('a page of the wrong shape is a BadResponseError naming the URL and the field', async () => {
    for (const [body, pattern] of [
      [{ models: [] }, /the page should be a JSON array/],
      [[{ id: 'a/b' }, { modelId: 'c/d' }], /item 1\.id should be a string/],
      [[{ id: 'a/b', downloads: 'many' }], /item 0\.downloads should be a number/],
    ] as const) {
      const server = await serve((_req, res) => json(res, 200, body));
      const { client } = testClient(server.origin);
      await assert.rejects(
        collect(client.listModelPages({ limit: 2 })),
        (error: Error & Record<string, unknown>) => {
          assert.equal(error.code, 'BAD_RESPONSE');
          assert.equal(error.url, `${server.origin}/api/models?limit=2`);
          assert.match(error.message, pattern);
          return true;
        },
      );
      await client.close();
    }
  });

  it('a bad expand value (400) is a BadRequestError, not retried', async () => {
    const server = await serve((_req, res) =>
      json(res, 400, { error: '"expand[0]" must be one of [author, sha, ...]' }),
    );
    const { client } = testClient(server.origin);
    await assert.rejects(collect(client.listModelPages({ expand: ['nope'] })), {
      code: 'BAD_REQUEST',
      status: 400,
    });
    assert.equal(server.requests.length, 1);
    await client.close();
  });

  it('paces itself from RateLimit headers: waits for the reset when r reaches 0', async () => {
    const clock = new VirtualClock({ instant: true });
    let origin = '';
    const seenAt: number[] = [];
    const server = await serve(
      listing(
        40,
        () => origin,
        (n) => {
          seenAt.push(clock.now());
          // Quota 3 per 60 s window: pages 1-3 use it up, page 4 must wait for the reset.
          const remaining = Math.max(0, 3 - n);
          return {
            ratelimit: `"api";r=${remaining};t=60`,
            'ratelimit-policy': '"fixed window";"api";q=3;w=60',
          };
        },
      ),
    );
    origin = server.origin;
    const { client, events } = testClient(origin, { clock });
    const pages = await collect(client.listModelPages({ limit: 10 }));
    assert.equal(pages.length, 4);
    assert.equal(server.requests.length, 4, 'no 429, no retry');
    assert.ok(seenAt[3]! - seenAt[2]! >= 61_000, `page 4 went ${seenAt[3]! - seenAt[2]!} ms after page 3`);
    assert.ok(
      events.some((e) => e.type === 'rate-limit-wait' && e.bucket === 'api' && e.delayMillis >= 61_000),
    );
    await client.close();
  });

  it('sends the User-Agent, no token without one, and the token to the endpoint with one', async () => {
    const server = await serve((_req, res) => json(res, 200, []));
    const anonymous = testClient(server.origin).client;
    await collect(anonymous.listModelPages({}));
    const authed = testClient(server.origin, { token: 'hf_abc' }).client;
    await collect(authed.listModelPages({}));
    assert.match(
      String(server.requests[0]?.headers['user-agent']),
      /^hf-torrent\/\d+\.\d+\.\d+; hf_hub-compatible$/,
    );
    assert.equal(server.requests[0]?.headers.authorization, undefined);
    assert.equal(server.requests[1]?.headers.authorization, 'Bearer hf_abc');
    await anonymous.close();
    await authed.close();
  });

  it('does not send the token to a next link on another origin', async () => {
    const other = await serve((_req, res) => json(res, 200, [{ id: 'x/y' }]));
    const server = await serve((_req, res) =>
      json(res, 200, [{ id: 'a/b' }], { link: `<${other.origin}/api/models?cursor=1>; rel="next"` }),
    );
    const { client } = testClient(server.origin, { token: 'hf_abc' });
    const pages = await collect(client.listModelPages({}));
    assert.equal(pages.length, 2);
    assert.equal(server.requests[0]?.headers.authorization, 'Bearer hf_abc');
    assert.equal(other.requests[0]?.headers.authorization, undefined);
    await client.close();
  });
});
