import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  listModelsUrl,
  modelInfoUrl,
  normalizeEndpoint,
  redactUrl,
  resolveUrl,
  treeUrl,
} from './hub-urls.js';

const E = 'https://huggingface.co';

describe('hub URLs', () => {
  it('normalises the endpoint', () => {
    assert.equal(normalizeEndpoint('https://huggingface.co/'), E);
    assert.equal(normalizeEndpoint('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
    assert.equal(normalizeEndpoint('https://proxy.example/hf//'), 'https://proxy.example/hf');
    for (const bad of ['huggingface.co', 'ftp://x', 'https://u:p@x', 'https://x/?a=1']) {
      assert.throws(() => normalizeEndpoint(bad), { code: 'CONFIG' }, bad);
    }
  });

  it('builds the listing URL with repeated expand and filter', () => {
    assert.equal(listModelsUrl(E, {}), `${E}/api/models`);
    assert.equal(
      listModelsUrl(E, {
        search: 'bert base',
        author: 'google',
        filter: ['license:mit', 'pytorch'],
        sort: 'downloads',
        limit: 1000,
        expand: ['author', 'sha', 'cardData'],
      }),
      `${E}/api/models?search=bert+base&author=google&filter=license%3Amit&filter=pytorch&sort=downloads&limit=1000&expand=author&expand=sha&expand=cardData`,
    );
    assert.equal(
      listModelsUrl(E, { full: true, cardData: true, config: true, limit: 5 }),
      `${E}/api/models?limit=5&full=true&cardData=true&config=true`,
    );
  });

  it('builds model info URLs', () => {
    assert.equal(modelInfoUrl(E, 'openai-community/gpt2'), `${E}/api/models/openai-community/gpt2`);
    assert.equal(
      modelInfoUrl(E, 'a/b', { revision: 'refs/pr/1', blobs: true }),
      `${E}/api/models/a/b/revision/refs%2Fpr%2F1?blobs=true`,
    );
    assert.equal(
      modelInfoUrl(E, 'gpt2', { expand: ['sha', 'siblings'] }),
      `${E}/api/models/gpt2?expand=sha&expand=siblings`,
    );
  });

  it('builds tree URLs', () => {
    assert.equal(treeUrl(E, 'a/b.c_d', 'main'), `${E}/api/models/a/b.c_d/tree/main?recursive=true`);
  });

  it('builds resolve URLs with encoded revision and path segments', () => {
    assert.equal(
      resolveUrl(E, 'Org/Model.v1', 'refs/pr/1', 'dir/sub dir/naïve #1?.bin'),
      `${E}/Org/Model.v1/resolve/refs%2Fpr%2F1/dir/sub%20dir/na%C3%AFve%20%231%3F.bin`,
    );
  });

  it('redacts signed CDN URLs but not endpoint URLs', () => {
    const origin = 'http://127.0.0.1:1';
    assert.equal(
      redactUrl('http://127.0.0.1:1/api/models?cursor=x', origin),
      'http://127.0.0.1:1/api/models?cursor=x',
    );
    assert.equal(
      redactUrl('http://127.0.0.1:2/blob/abc?Signature=s&Expires=1', origin),
      'http://127.0.0.1:2/blob/abc?<redacted>',
    );
    assert.equal(redactUrl('http://user:pw@127.0.0.1:1/x', origin), 'http://127.0.0.1:1/x');
  });

  it('redacts parsed URLs the same way as strings (the fast path only skips the copy)', () => {
    const origin = 'http://127.0.0.1:1';
    for (const url of [
      'http://127.0.0.1:1/api/models?cursor=x',
      'http://127.0.0.1:1/a/b/resolve/main/c%20d.bin',
      'http://127.0.0.1:2/blob/abc?Signature=s&Expires=1',
      'http://127.0.0.1:2/blob/abc',
      'http://user:pw@127.0.0.1:1/x',
      'http://127.0.0.1:1/x#frag',
    ]) {
      assert.equal(redactUrl(new URL(url), origin), redactUrl(url, origin), url);
    }
    assert.equal(
      redactUrl(new URL('http://u:p@127.0.0.1:2/x?sig=1'), origin),
      'http://127.0.0.1:2/x?<redacted>',
    );
  });
});
