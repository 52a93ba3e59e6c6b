import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { collect, testClient } from './helpers/client.js';
import { json, startServer, type TestServer } from './helpers/test-server.js';

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));
async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}

const SHA256 = 'a'.repeat(64);
const INFO = {
  _id: '621ffdc036468d709f17434d',
  id: 'openai-community/gpt2',
  author: 'openai-community',
  sha: '607a30d783dfa663caf39e06633721c8d4cfcd7e',
  gated: false,
  siblings: [
    { rfilename: 'config.json', size: 665, blobId: '10c66461e4c109db5a2196bff4bb59be30396ed8' },
    {
      rfilename: 'model.safetensors',
      size: 548105171,
      blobId: '44b36d6e32d13c8fb28b0feab0ac8bfefa7efeda',
      lfs: { sha256: SHA256, size: 548105171, pointerSize: 134 },
    },
  ],
};

describe('modelInfo', () => {
  it('asks for blobs at a revision and maps siblings to files', async () => {
    const server = await serve((_req, res) => json(res, 200, INFO));
    const { client } = testClient(server.origin);
    const info = await client.modelInfo('openai-community/gpt2', { revision: 'refs/pr/1', blobs: true });
    assert.equal(
      server.requests[0]?.url,
      '/api/models/openai-community/gpt2/revision/refs%2Fpr%2F1?blobs=true',
    );
    assert.equal(info.model.sha, INFO.sha);
    assert.equal(info.raw.id, 'openai-community/gpt2');
    assert.deepEqual(info.files, [
      { path: 'config.json', size: 665, blobId: '10c66461e4c109db5a2196bff4bb59be30396ed8', lfs: null },
      {
        path: 'model.safetensors',
        size: 548105171,
        blobId: '44b36d6e32d13c8fb28b0feab0ac8bfefa7efeda',
        lfs: { sha256: SHA256, size: 548105171, pointerSize: 134 },
      },
    ]);
    await client.close();
  });

  it('files is null when siblings carry no sizes', async () => {
    const server = await serve((_req, res) => json(res, 200, { id: 'a/b', siblings: [{ rfilename: 'x' }] }));
    const { client } = testClient(server.origin);
    const info = await client.modelInfo('a/b');
    assert.equal(info.files, null);
    assert.deepEqual(info.model.siblings, ['x']);
    await client.close();
  });

  it('follows relative 307s of legacy and renamed ids, keeping the query and the token', async () => {
    const server = await serve((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/api/models/gpt2') {
        res.writeHead(307, { location: `/api/models/GPT2-old${url.search}`, 'content-type': 'text/plain' });
        return res.end('Temporary Redirect. Redirecting to /api/models/GPT2-old');
      }
      if (url.pathname === '/api/models/GPT2-old') {
        res.writeHead(307, { location: `/api/models/openai-community/gpt2${url.search}` });
        return res.end();
      }
      json(res, 200, INFO);
    });
    const { client } = testClient(server.origin, { token: 'hf_t' });
    const info = await client.modelInfo('gpt2', { blobs: true });
    assert.equal(info.model.id, 'openai-community/gpt2');
    assert.deepEqual(
      server.requests.map((r) => [r.url, r.headers.authorization]),
      [
        ['/api/models/gpt2?blobs=true', 'Bearer hf_t'],
        ['/api/models/GPT2-old?blobs=true', 'Bearer hf_t'],
        ['/api/models/openai-community/gpt2?blobs=true', 'Bearer hf_t'],
      ],
    );
    await client.close();
  });

  it('a redirect loop ends in a BadResponseError', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(307, { location: '/api/models/a/b' });
      res.end();
    });
    const { client } = testClient(server.origin);
    await assert.rejects(client.modelInfo('a/b'), { code: 'BAD_RESPONSE', message: /more than 5 redirects/ });
    assert.equal(server.requests.length, 6);
    await client.close();
  });

  it('maps the Hub errors: anonymous 401, 404 RepoNotFound, RevisionNotFound', async () => {
    const server = await serve((req, res) => {
      if (req.url?.includes('private')) {
        res.writeHead(401, {
          'x-error-message': 'Invalid username or password.',
          'www-authenticate': 'Bearer realm="Authentication required", charset="UTF-8"',
          'content-type': 'application/json',
        });
        return res.end('{"error":"Invalid username or password."}');
      }
      if (req.url?.includes('gone'))
        return json(res, 404, { error: 'Repository not found' }, { 'x-error-code': 'RepoNotFound' });
      json(
        res,
        404,
        { error: 'Invalid rev id: nope' },
        { 'x-error-code': 'RevisionNotFound', 'x-error-message': 'Invalid rev id: nope' },
      );
    });
    const { client } = testClient(server.origin);
    await assert.rejects(client.modelInfo('org/private'), {
      code: 'REPO_NOT_FOUND',
      status: 401,
      repoId: 'org/private',
    });
    await assert.rejects(client.modelInfo('org/gone'), { code: 'REPO_NOT_FOUND', status: 404 });
    await assert.rejects(client.modelInfo('org/model', { revision: 'nope' }), {
      code: 'REVISION_NOT_FOUND',
      message: /Invalid rev id: nope/,
    });
    await client.close();
  });
});

describe('listFiles', () => {
  it('walks a paginated recursive tree, yielding files only', async () => {
    const server = await serve((req, res) => {
      const url = new URL(req.url ?? '/', server.origin);
      const page = url.searchParams.get('cursor');
      if (page === null) {
        return json(
          res,
          200,
          [
            { type: 'directory', oid: 'd'.repeat(40), size: 0, path: 'onnx' },
            { type: 'file', oid: '1'.repeat(40), size: 3, path: 'onnx/model one.onnx' },
          ],
          { link: `<${server.origin}/api/models/a/b/tree/abc?recursive=true&cursor=p2>; rel="next"` },
        );
      }
      json(res, 200, [
        {
          type: 'file',
          oid: '2'.repeat(40),
          size: 10,
          path: 'model.bin',
          lfs: { oid: SHA256, size: 10, pointerSize: 128 },
        },
      ]);
    });
    const { client } = testClient(server.origin);
    const files = await collect(client.listFiles('a/b', 'abc'));
    assert.deepEqual(
      server.requests.map((r) => r.url),
      ['/api/models/a/b/tree/abc?recursive=true', '/api/models/a/b/tree/abc?recursive=true&cursor=p2'],
    );
    assert.deepEqual(files, [
      { path: 'onnx/model one.onnx', size: 3, blobId: '1'.repeat(40), lfs: null },
      {
        path: 'model.bin',
        size: 10,
        blobId: '2'.repeat(40),
        lfs: { sha256: SHA256, size: 10, pointerSize: 128 },
      },
    ]);
    await client.close();
  });

  it('a tree entry of the wrong shape is a BadResponseError', async () => {
    const server = await serve((_req, res) => json(res, 200, [{ type: 'file', path: 'x', size: 1 }]));
    const { client } = testClient(server.origin);
    await assert.rejects(collect(client.listFiles('a/b', 'main')), {
      code: 'BAD_RESPONSE',
      url: `${server.origin}/api/models/a/b/tree/main?recursive=true`,
      message: /entry 0\.oid should be a string/,
    });
    await client.close();
  });
});
