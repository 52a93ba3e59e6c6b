import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { rawGet } from './raw-get.js';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('scripted faults', () => {
  let emu: RunningEmulator;
  let id: string;
  let lfs: { path: string; size: number; sha256: string };
  let regular: { path: string; size: number };
  let cdnUrl: string;

  before(async () => {
    emu = await startEmulator({ models: 50, seed: 'faults' });
    id = emu.hub.at(0).id;
    const files = emu.hub.files(id, 'main');
    const big = files.filter((f) => f.lfs !== null).sort((a, b) => b.size - a.size)[0];
    assert.ok(big?.lfs && big.size > 4096);
    lfs = { path: big.path, size: big.size, sha256: big.lfs.sha256 };
    const text = files.find((f) => f.lfs === null && f.size > 100);
    assert.ok(text);
    regular = { path: text.path, size: text.size };
    const head = await fetch(`${emu.endpoint}/${id}/resolve/main/${lfs.path}`, {
      method: 'HEAD',
      redirect: 'manual',
    });
    cdnUrl = head.headers.get('location') ?? '';
  });
  after(() => emu.close());
  beforeEach(() => emu.faults.clear());

  test('status with Retry-After, for the first N matches only', async () => {
    emu.faults.add({ kind: 'list', action: { type: 'status', status: 503, retryAfterSeconds: 7 }, times: 2 });
    const first = await fetch(`${emu.endpoint}/api/models?limit=1`);
    assert.equal(first.status, 503);
    assert.equal(first.headers.get('retry-after'), '7');
    assert.ok(first.headers.get('ratelimit'), 'faulted responses still carry RateLimit');
    assert.equal((await fetch(`${emu.endpoint}/api/models?limit=1`)).status, 503);
    assert.equal((await fetch(`${emu.endpoint}/api/models?limit=1`)).status, 200);
    assert.equal(emu.faults.list()[0]?.fired, 2);
  });

  test('a 429 burst: RateLimit r=0;t=N and Retry-After N', async () => {
    emu.faults.add({
      kind: ['info', 'resolve'],
      action: { type: 'rate-limit', retryAfterSeconds: 5 },
      every: 2,
    });
    const before429 = emu.stats.rateLimited;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await fetch(`${emu.endpoint}/api/models/${id}`);
      statuses.push(response.status);
      if (response.status === 429) {
        assert.equal(response.headers.get('ratelimit'), '"api";r=0;t=5');
        assert.equal(response.headers.get('retry-after'), '5');
        assert.match(((await response.json()) as { error: string }).error, /rate limit/);
      }
    }
    assert.deepEqual(statuses, [429, 200, 429, 200]);
    assert.equal(emu.stats.rateLimited - before429, 2);
  });

  test('reset: the connection dies after K body bytes', async () => {
    emu.faults.add({ kind: 'cdn', action: { type: 'reset', afterBytes: 1000 }, times: 1 });
    const broken = await rawGet(cdnUrl);
    assert.ok(broken.status === 200 || broken.status === 0, 'the reset may even beat the headers');
    assert.ok(broken.error !== null);
    assert.ok(broken.bytes.length <= 1000);
    const key = `${id}/${emu.hub.currentSha(id)}/${lfs.path}`;
    const before = emu.stats.contentBytesByFile()[key] ?? 0;
    const whole = await rawGet(cdnUrl);
    assert.equal(whole.error, null);
    assert.equal(sha256(whole.bytes), lfs.sha256);
    assert.equal(
      (emu.stats.contentBytesByFile()[key] ?? 0) - before,
      lfs.size,
      'content bytes are counted per file',
    );
  });

  test('truncate: fewer bytes than Content-Length, then the connection ends', async () => {
    emu.faults.add({
      kind: 'resolve-cache',
      path: regular.path,
      action: { type: 'truncate', keepBytes: 50 },
      times: 1,
    });
    const short = await rawGet(
      `${emu.endpoint}/api/resolve-cache/models/${id}/${emu.hub.currentSha(id)}/${regular.path}`,
    );
    assert.equal(short.headers['content-length'], String(regular.size));
    assert.equal(short.bytes.length, 50);
    assert.ok(short.error !== null);
  });

  test('corrupt: same length, different bytes', async () => {
    emu.faults.add({
      kind: 'cdn',
      repo: id,
      path: `**/${lfs.path.split('/').pop() ?? ''}`,
      action: { type: 'corrupt' },
      times: 1,
    });
    const bad = await rawGet(cdnUrl);
    assert.equal(bad.bytes.length, lfs.size);
    assert.notEqual(sha256(bad.bytes), lfs.sha256);
    assert.equal(sha256((await rawGet(cdnUrl)).bytes), lfs.sha256);
  });

  test('ignore-range: 200 with the whole body for a Range request', async () => {
    emu.faults.add({ kind: 'cdn', action: { type: 'ignore-range' }, times: 1 });
    const ignored = await rawGet(cdnUrl, { Range: 'bytes=100-' });
    assert.equal(ignored.status, 200);
    assert.equal(ignored.bytes.length, lfs.size);
    const honoured = await rawGet(cdnUrl, { Range: 'bytes=100-' });
    assert.equal(honoured.status, 206);
    assert.equal(honoured.bytes.length, lfs.size - 100);
  });

  test('delay: slow headers and a slow body still deliver the right bytes', async () => {
    emu.faults.add({
      kind: 'cdn',
      action: { type: 'delay', headersMillis: 20, chunkMillis: 1, chunkBytes: 1024 },
      times: 1,
    });
    const slow = await rawGet(cdnUrl);
    assert.equal(sha256(slow.bytes), lfs.sha256);
  });

  test('skip and every on resolve; stats count resolves per repo and path', async () => {
    emu.faults.add({ kind: 'resolve', action: { type: 'status', status: 500 }, skip: 1, every: 2 });
    const before = emu.stats.resolveCount(id, regular.path);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await fetch(`${emu.endpoint}/${id}/resolve/main/${regular.path}`, { redirect: 'manual' })).status,
      );
    assert.deepEqual(statuses, [307, 500, 307, 500, 307]);
    assert.equal(emu.stats.resolveCount(id, regular.path) - before, 5);
    assert.ok(emu.stats.faultsFired >= 2);
    assert.ok((emu.stats.byStatus[500] ?? 0) >= 2);
  });
});

describe('rate limits', () => {
  let emu: RunningEmulator;
  let clock = Date.UTC(2026, 0, 1, 0, 0, 0);
  before(async () => {
    emu = await startEmulator({
      models: 20,
      seed: 'limits',
      now: () => clock,
      rateLimits: { api: { quota: 3, windowSeconds: 60 }, resolvers: { quota: 2, windowSeconds: 60 } },
      tokens: { hf_user: { user: 'someone' } },
    });
  });
  after(() => emu.close());

  test('every response carries RateLimit headers; an exhausted bucket answers 429 until its window resets', async () => {
    const id = emu.hub.at(0).id;
    const seen: string[] = [];
    for (const path of ['/api/models?limit=1', `/api/models/${id}`, '/api/models/no/such-repo-zzzzz']) {
      const response = await fetch(`${emu.endpoint}${path}`);
      seen.push(response.headers.get('ratelimit') ?? '');
      assert.equal(response.headers.get('ratelimit-policy'), '"fixed window";"api";q=3;w=60');
    }
    assert.deepEqual(seen, ['"api";r=2;t=60', '"api";r=1;t=60', '"api";r=0;t=60']);
    clock += 15_000;
    const limited = await fetch(`${emu.endpoint}/api/models?limit=1`);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('ratelimit'), '"api";r=0;t=45');
    assert.equal(limited.headers.get('retry-after'), '45');
    assert.match(
      ((await limited.json()) as { error: string }).error,
      /exceeded our 'api' rate limit \(3 requests per 60 seconds\)/,
    );
    // other buckets and other clients are counted apart
    const resolve = await fetch(`${emu.endpoint}/${id}/resolve/main/README.md`, { redirect: 'manual' });
    assert.equal(resolve.status, 307);
    assert.equal(resolve.headers.get('ratelimit'), '"resolvers";r=1;t=45');
    assert.equal(
      (await fetch(`${emu.endpoint}/api/models?limit=1`, { headers: { Authorization: 'Bearer hf_user' } }))
        .status,
      200,
    );
    clock += 45_000;
    assert.equal((await fetch(`${emu.endpoint}/api/models?limit=1`)).status, 200);
    assert.ok(emu.stats.rateLimited >= 1);
  });
});
