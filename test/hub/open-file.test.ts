import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { testClient } from './helpers/client.js';
import {
  cdnMode,
  COMMIT,
  CONFIG,
  CONFIG_SHA1,
  startResolveFixture,
  WEIGHTS,
  WEIGHTS_SHA256,
  XET_HASH,
  type ResolveFixture,
} from './helpers/resolve-fixture.js';
import type { TestServer } from './helpers/test-server.js';

let fixture: ResolveFixture;
let hub: TestServer;
let cdn: TestServer;
before(async () => {
  fixture = await startResolveFixture();
  ({ hub, cdn } = fixture);
});
after(() => fixture.close());
const reset = () => fixture.reset();

async function bytes(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('openFile', () => {
  it('regular file: follows the relative 307 on the same origin, keeping the token', async () => {
    reset();
    const { client } = testClient(hub.origin, { token: 'hf_secret' });
    const file = await client.openFile('org/model', 'main', 'config.json');
    assert.deepEqual(await bytes(file.body), CONFIG);
    assert.equal(file.commit, COMMIT);
    assert.equal(file.etag, CONFIG_SHA1);
    assert.equal(file.size, CONFIG.length);
    assert.equal(file.partial, false);
    assert.equal(file.offset, 0);
    assert.equal(file.contentLength, CONFIG.length);
    assert.equal(file.resolveRequests, 2);
    assert.match(file.finalUrl, /\/api\/resolve-cache\/models\/org\/model\//);
    assert.deepEqual(
      hub.requests.map((r) => r.headers.authorization),
      ['Bearer hf_secret', 'Bearer hf_secret'],
    );
    assert.equal(
      hub.requests[1]?.url,
      `/api/resolve-cache/models/org/model/${COMMIT}/config.json?etag=%22${CONFIG_SHA1}%22`,
    );
    assert.ok(
      hub.requests.every((r) => r.method === 'GET'),
      'no HEAD first',
    );
    await client.close();
  });

  it('LFS file: the token goes to the endpoint but never to the CDN; metadata from the 302', async () => {
    reset();
    const { client, events } = testClient(hub.origin, { token: 'hf_secret' });
    const file = await client.openFile('org/model', 'main', 'model.bin');
    assert.deepEqual(await bytes(file.body), WEIGHTS);
    assert.equal(hub.requests.length, 1);
    assert.equal(hub.requests[0]?.headers.authorization, 'Bearer hf_secret');
    assert.equal(cdn.requests.length, 1);
    assert.equal(cdn.requests[0]?.headers.authorization, undefined, 'the CDN never sees the token');
    assert.equal(file.etag, WEIGHTS_SHA256, 'X-Linked-Etag (sha256), not the CDN ETag (xet hash)');
    assert.equal(file.size, WEIGHTS.length);
    assert.equal(file.commit, COMMIT);
    assert.equal(file.resolveRequests, 1);
    assert.equal(file.finalUrl, `${cdn.origin}/xet-bridge/${XET_HASH}?Signature=abc&Expires=1`);
    // Events name the CDN hop without its signature.
    const cdnEvent = events.find((e) => e.type === 'request' && e.external === true);
    assert.ok(cdnEvent?.type === 'request');
    assert.equal(cdnEvent.url, `${cdn.origin}/xet-bridge/${XET_HASH}?<redacted>`);
    await client.close();
  });

  it('encodes the revision and each path segment', async () => {
    reset();
    const { client } = testClient(hub.origin);
    const file = await client.openFile('org/model', 'main', 'dir/naïve file #1.json');
    await bytes(file.body);
    assert.equal(hub.requests[0]?.url, '/org/model/resolve/main/dir/na%C3%AFve%20file%20%231.json');
    await client.close();
  });

  it('resume: a 206 whose Content-Range starts at N is partial', async () => {
    reset();
    const { client } = testClient(hub.origin, { token: 'hf_secret' });
    const file = await client.openFile('org/model', 'main', 'model.bin', {
      start: 100,
      etag: WEIGHTS_SHA256,
    });
    assert.equal(file.partial, true);
    assert.equal(file.offset, 100);
    assert.equal(file.size, WEIGHTS.length);
    assert.equal(file.contentLength, WEIGHTS.length - 100);
    assert.deepEqual(await bytes(file.body), WEIGHTS.subarray(100));
    assert.equal(hub.requests[0]?.headers.range, 'bytes=100-');
    assert.equal(cdn.requests[0]?.headers.range, 'bytes=100-');
    await client.close();
  });

  it('resume on the same origin works too (regular file)', async () => {
    reset();
    const { client } = testClient(hub.origin);
    const file = await client.openFile('org/model', 'main', 'config.json', { start: 5 });
    assert.equal(file.partial, true);
    assert.deepEqual(await bytes(file.body), CONFIG.subarray(5));
    assert.equal(file.size, CONFIG.length);
    await client.close();
  });

  it('a server that ignores Range sends the whole file: partial false', async () => {
    reset();
    cdnMode.ignoreRange = true;
    const { client } = testClient(hub.origin);
    const file = await client.openFile('org/model', 'main', 'model.bin', { start: 100 });
    assert.equal(file.partial, false);
    assert.equal(file.offset, 0);
    assert.deepEqual(await bytes(file.body), WEIGHTS);
    assert.equal(cdn.requests.length, 1);
    await client.close();
  });

  it('a 206 starting elsewhere is not accepted: the file is fetched whole', async () => {
    reset();
    cdnMode.wrongStart = true;
    const { client } = testClient(hub.origin);
    const file = await client.openFile('org/model', 'main', 'model.bin', { start: 100 });
    assert.equal(file.partial, false);
    assert.deepEqual(await bytes(file.body), WEIGHTS);
    assert.deepEqual(
      cdn.requests.map((r) => r.headers.range),
      ['bytes=100-', undefined],
    );
    assert.equal(file.resolveRequests, 2);
    await client.close();
  });

  it('a resume against another version of the file (etag changed) fetches it whole', async () => {
    reset();
    const { client } = testClient(hub.origin);
    const file = await client.openFile('org/model', 'main', 'model.bin', {
      start: 100,
      etag: `"${'0'.repeat(64)}"`,
    });
    assert.equal(file.partial, false);
    assert.deepEqual(await bytes(file.body), WEIGHTS);
    await client.close();
  });

  it('a range past the end is a typed 416, not retried', async () => {
    reset();
    const { client } = testClient(hub.origin);
    await assert.rejects(
      client.openFile('org/model', 'main', 'model.bin', { start: WEIGHTS.length + 5 }),
      (error: Error & Record<string, unknown>) => {
        assert.equal(error.code, 'HTTP_ERROR');
        assert.equal(error.status, 416);
        assert.match(
          error.message,
          new RegExp(`bytes=${WEIGHTS.length + 5}- of a ${WEIGHTS.length}-byte file`),
        );
        assert.equal(error.url, `${cdn.origin}/xet-bridge/${XET_HASH}?<redacted>`);
        return true;
      },
    );
    assert.equal(cdn.requests.length, 1);
    await client.close();
  });

  it('retries the whole chain on a retryable status before the body starts', async () => {
    reset();
    cdnMode.failFirst = 1;
    const { client } = testClient(hub.origin);
    const file = await client.openFile('org/model', 'main', 'model.bin');
    assert.deepEqual(await bytes(file.body), WEIGHTS);
    assert.equal(hub.requests.length, 2, 'the resolve hop is asked again (CDN URLs are short-lived)');
    assert.equal(fixture.cdnCalls(), 2);
    assert.equal(file.resolveRequests, 2);
    await client.close();
  });

  it('retries a reset of the resolve request', async () => {
    reset();
    const { client } = testClient(hub.origin);
    const file = await client.openFile('org/flaky', 'main', 'w.bin');
    assert.deepEqual(await bytes(file.body), WEIGHTS);
    assert.equal(file.resolveRequests, 2);
    await client.close();
  });

  it('an error mid-body reaches the caller, who resumes with Range', async () => {
    reset();
    cdnMode.cutAfter = 50;
    const { client } = testClient(hub.origin);
    const file = await client.openFile('org/model', 'main', 'model.bin');
    assert.equal(file.partial, false);
    const received: Buffer[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of file.body) received.push(chunk as Buffer);
      })(),
    );
    assert.equal(cdn.requests.length, 1, 'not retried by the client');
    const got = Buffer.concat(received).length;
    assert.ok(got >= 1 && got <= 50);
    cdnMode.cutAfter = 0;
    const rest = await client.openFile('org/model', 'main', 'model.bin', {
      start: got,
      etag: file.etag ?? undefined,
    });
    assert.equal(rest.partial, true);
    assert.deepEqual(Buffer.concat([...received, await bytes(rest.body)]), WEIGHTS);
    await client.close();
  });

  it('maps the Hub errors on any hop: gated (401 anonymous, 403 authenticated), disabled, missing file, missing repo', async () => {
    reset();
    const anonymous = testClient(hub.origin).client;
    const authed = testClient(hub.origin, { token: 'hf_secret' }).client;
    await assert.rejects(anonymous.openFile('org/gated', 'main', 'a.bin'), {
      code: 'GATED_REPO',
      status: 401,
    });
    await assert.rejects(authed.openFile('org/gated', 'main', 'a.bin'), { code: 'GATED_REPO', status: 403 });
    await assert.rejects(authed.openFile('org/disabled', 'main', 'a.bin'), {
      code: 'REPO_DISABLED',
      status: 403,
    });
    await assert.rejects(anonymous.openFile('org/model', 'main', 'missing.bin'), {
      code: 'ENTRY_NOT_FOUND',
      status: 404,
      repoId: 'org/model',
      path: 'missing.bin',
      url: `${hub.origin}/org/model/resolve/main/missing.bin`,
    });
    await assert.rejects(anonymous.openFile('someone/private', 'main', 'a.bin'), {
      code: 'REPO_NOT_FOUND',
      status: 401,
    });
    assert.equal(hub.requests.length, 5, 'none of these is retried');
    await anonymous.close();
    await authed.close();
  });
});
