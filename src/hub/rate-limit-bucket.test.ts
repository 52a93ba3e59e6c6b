import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bucketForUrl, isRateLimitBucket } from './rate-limit-bucket.js';

const table: Array<[string, string]> = [
  ['https://huggingface.co/api/models?limit=1000', 'api'],
  ['https://huggingface.co/api/models/a/b/tree/main?recursive=true', 'api'],
  ['https://huggingface.co/a/b/resolve/main/config.json', 'resolvers'],
  ['https://huggingface.co/gpt2/resolve/main/config.json', 'resolvers'],
  ['https://huggingface.co/api/resolve-cache/models/a/b/0123/config.json?etag=x', 'resolvers'],
  ['https://huggingface.co/a/b', 'pages'],
  ['https://huggingface.co/models-json?withCount=true', 'pages'],
];
for (const [url, bucket] of table) {
  it(`${url} -> ${bucket}`, () => assert.equal(bucketForUrl(new URL(url)), bucket));
}
it('knows its bucket names', () => {
  assert.equal(isRateLimitBucket('api'), true);
  assert.equal(isRateLimitBucket('resolvers'), true);
  assert.equal(isRateLimitBucket('pages'), true);
  assert.equal(isRateLimitBucket('models'), false);
});
