import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

const gitSha1 = (bytes: Buffer): string =>
  createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const encodePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/');

describe('model info, resolve, resolve-cache and the CDN', () => {
  let emu: RunningEmulator;
  let clock = Date.UTC(2026, 0, 1);
  before(async () => {
    emu = await startEmulator({ models: 200, seed: 'resolve', now: () => clock });
  });
  after(() => emu.close());

  const top = (): string => emu.hub.at(0).id;

  test('model info at main, HEAD, a full or short sha and an encoded revision', async () => {
    const id = top();
    const sha = emu.hub.currentSha(id);
    for (const rev of [
      '',
      '/revision/main',
      '/revision/HEAD',
      `/revision/${sha}`,
      `/revision/${sha.slice(0, 7)}`,
      '/revision/refs%2Fheads%2Fmain',
    ]) {
      const response = await fetch(`${emu.endpoint}/api/models/${id}${rev}`);
      assert.equal(response.status, 200, rev);
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(body['sha'], sha, rev);
      assert.equal(body['id'], id);
    }
    const missing = await fetch(
      `${emu.endpoint}/api/models/${id}/revision/0000000000000000000000000000000000000000`,
    );
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('x-error-code'), 'RevisionNotFound');
    assert.deepEqual(await missing.json(), {
      error: 'Invalid rev id: 0000000000000000000000000000000000000000',
    });
  });

  test('blobs=true siblings carry sizes, blob ids and LFS info equal to the hub files', async () => {
    const id = top();
    const body = (await (await fetch(`${emu.endpoint}/api/models/${id}?blobs=true`)).json()) as {
      siblings: unknown[];
      sha: string;
    };
    const expected = emu.hub
      .files(id, body.sha)
      .map((f) =>
        f.lfs === null
          ? { rfilename: f.path, blobId: f.blobId, size: f.size }
          : { rfilename: f.path, blobId: f.blobId, size: f.size, lfs: f.lfs },
      );
    assert.deepEqual(body.siblings, expected);
    assert.ok(expected.some((s) => 'lfs' in s));
    const expanded = (await (
      await fetch(`${emu.endpoint}/api/models/${id}?expand=sha&expand=downloadsAllTime`)
    ).json()) as object;
    assert.deepEqual(Object.keys(expanded), ['_id', 'id', 'sha', 'downloadsAllTime']);
  });

  test('legacy aliases and case variants answer 307 with a relative Location that keeps the query', async () => {
    const renamed = emu.hub.specials.renamed;
    assert.ok(renamed !== null);
    const alias = await fetch(`${emu.endpoint}/api/models/${renamed.from}?blobs=true`, {
      redirect: 'manual',
    });
    assert.equal(alias.status, 307);
    assert.equal(alias.headers.get('location'), `/api/models/${renamed.to}?blobs=true`);
    assert.equal(
      await alias.text(),
      `Temporary Redirect. Redirecting to /api/models/${renamed.to}?blobs=true`,
    );
    const upper = await fetch(`${emu.endpoint}/api/models/${top().toUpperCase()}/revision/main`, {
      redirect: 'manual',
    });
    assert.equal(upper.status, 307);
    assert.equal(upper.headers.get('location'), `/api/models/${top()}/revision/main`);
    const followed = await fetch(`${emu.endpoint}/api/models/${renamed.from}`);
    assert.equal(((await followed.json()) as { id: string }).id, renamed.to);
  });

  test('a regular file: 307 to resolve-cache (also without its query), then 200 with the git blob etag', async () => {
    const id = top();
    const sha = emu.hub.currentSha(id);
    const file = emu.hub
      .files(id, sha)
      .find((f) => f.path === 'config.json' || (f.lfs === null && f.size > 0));
    assert.ok(file !== undefined);
    const first = await fetch(`${emu.endpoint}/${id}/resolve/main/${encodePath(file.path)}`, {
      redirect: 'manual',
    });
    assert.equal(first.status, 307);
    assert.equal(first.headers.get('x-repo-commit'), sha);
    assert.equal(first.headers.get('x-linked-etag'), `"${file.blobId}"`);
    const location = first.headers.get('location') ?? '';
    assert.ok(location.startsWith(`/api/resolve-cache/models/${id}/${sha}/`), location);
    for (const target of [location, location.split('?')[0] as string]) {
      const second = await fetch(`${emu.endpoint}${target}`);
      assert.equal(second.status, 200);
      assert.equal(second.headers.get('etag'), `"${file.blobId}"`);
      assert.equal(second.headers.get('x-repo-commit'), sha);
      assert.equal(second.headers.get('accept-ranges'), 'bytes');
      assert.equal(second.headers.get('content-encoding'), null);
      const bytes = Buffer.from(await second.arrayBuffer());
      assert.equal(Number(second.headers.get('content-length')), bytes.length);
      assert.equal(gitSha1(bytes), file.blobId);
      assert.deepEqual(bytes, emu.hub.readFile(id, sha, file.path));
    }
    const notModified = await fetch(`${emu.endpoint}${location}`, {
      headers: { 'If-None-Match': `"${file.blobId}"` },
    });
    assert.equal(notModified.status, 304);
    const branch = await fetch(`${emu.endpoint}/api/resolve-cache/models/${id}/main/${file.path}`);
    assert.equal(branch.status, 400);
  });

  test('an LFS file: 302 to the CDN origin with X-Linked-Size/Etag; the CDN serves ranges and checks signatures', async () => {
    const id = top();
    const sha = emu.hub.currentSha(id);
    const file = emu.hub.files(id, sha).find((f) => f.lfs !== null);
    assert.ok(file?.lfs);
    const head = await fetch(`${emu.endpoint}/${id}/resolve/${sha}/${encodePath(file.path)}`, {
      method: 'HEAD',
      redirect: 'manual',
    });
    assert.equal(head.status, 302);
    assert.equal(head.headers.get('x-linked-size'), String(file.size));
    assert.equal(head.headers.get('x-linked-etag'), `"${file.lfs.sha256}"`);
    assert.equal(head.headers.get('x-repo-commit'), sha);
    const location = head.headers.get('location') ?? '';
    assert.equal(new URL(location).origin, emu.cdnEndpoint);
    assert.notEqual(emu.cdnEndpoint, emu.endpoint);
    const whole = Buffer.from(await (await fetch(location)).arrayBuffer());
    assert.equal(sha256(whole), file.lfs.sha256);
    const partial = await fetch(location, { headers: { Range: 'bytes=10-19' } });
    assert.equal(partial.status, 206);
    assert.equal(partial.headers.get('content-range'), `bytes 10-19/${file.size}`);
    assert.deepEqual(Buffer.from(await partial.arrayBuffer()), whole.subarray(10, 20));
    const tail = await fetch(location, { headers: { Range: `bytes=${file.size - 5}-` } });
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), whole.subarray(file.size - 5));
    const past = await fetch(location, { headers: { Range: `bytes=${file.size}-` } });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), `bytes */${file.size}`);
    const tampered = location.replace(/Expires=(\d+)/, (_, n: string) => `Expires=${Number(n) + 1}`);
    assert.equal((await fetch(tampered)).status, 403);
    clock += 3601_000;
    assert.equal((await fetch(location)).status, 403, 'expired');
    clock -= 3601_000;
    assert.equal(emu.stats.cdnWithAuthorization, 0);
    await fetch(location, { headers: { Authorization: 'Bearer leaked' } });
    assert.equal(emu.stats.cdnWithAuthorization, 1);
  });

  test('odd file names and zero-byte files', async () => {
    const id = emu.hub.specials.oddNames as string;
    const sha = emu.hub.currentSha(id);
    for (const file of emu.hub.files(id, sha)) {
      const response = await fetch(`${emu.endpoint}/${id}/resolve/${sha}/${encodePath(file.path)}`);
      assert.equal(response.status, 200, file.path);
      const bytes = Buffer.from(await response.arrayBuffer());
      assert.equal(bytes.length, file.size, file.path);
      if (file.lfs === null) assert.equal(gitSha1(bytes), file.blobId, file.path);
      else assert.equal(sha256(bytes), file.lfs.sha256, file.path);
      if (file.size === 0) {
        assert.equal(response.headers.get('content-length'), '0');
        assert.equal(response.headers.get('content-range'), null);
      }
    }
    assert.ok(emu.hub.files(id, sha).some((f) => f.size === 0));
    // a raw `+` in a path is a plus, not a space
    const plus = emu.hub.files(id, sha).find((f) => f.path.includes('+'));
    assert.ok(plus);
    assert.equal(
      (await fetch(`${emu.endpoint}/${id}/resolve/main/${plus.path.replace(/ /g, '%20')}`)).status,
      200,
    );
  });

  test('legacy single-segment ids resolve; a renamed alias 307s to the canonical resolve URL', async () => {
    const legacy = emu.hub.specials.legacy[0] as string;
    assert.ok(!legacy.includes('/'));
    const info = (await (await fetch(`${emu.endpoint}/api/models/${legacy}`)).json()) as Record<
      string,
      unknown
    >;
    assert.equal(info['id'], legacy);
    assert.ok(!('author' in info));
    const readme = await fetch(`${emu.endpoint}/${legacy}/resolve/main/README.md`);
    assert.equal(await readme.text(), emu.hub.readFile(legacy, 'main', 'README.md').toString('utf8'));
    const tree = (await (await fetch(`${emu.endpoint}/api/models/${legacy}/tree/main`)).json()) as unknown[];
    assert.ok(tree.length > 0);
    const renamed = emu.hub.specials.renamed;
    assert.ok(renamed);
    const hop = await fetch(`${emu.endpoint}/${renamed.from}/resolve/main/README.md?download=true`, {
      redirect: 'manual',
    });
    assert.equal(hop.status, 307);
    assert.equal(hop.headers.get('location'), `/${renamed.to}/resolve/main/README.md?download=true`);
    const page = await fetch(`${emu.endpoint}/${renamed.to}`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('ratelimit') ?? '', /^"pages";/);
  });

  test('raw serves the LFS pointer; HEAD answers like GET without a body', async () => {
    const id = top();
    const sha = emu.hub.currentSha(id);
    const file = emu.hub.files(id, sha).find((f) => f.lfs !== null);
    assert.ok(file?.lfs);
    const raw = await fetch(`${emu.endpoint}/${id}/raw/${sha}/${encodePath(file.path)}`);
    const text = await raw.text();
    assert.equal(
      text,
      `version https://git-lfs.github.com/spec/v1\noid sha256:${file.lfs.sha256}\nsize ${file.size}\n`,
    );
    assert.equal(raw.headers.get('etag'), `"${file.blobId}"`);
    assert.equal(gitSha1(Buffer.from(text)), file.blobId);
    const head = await fetch(`${emu.endpoint}/api/models/${id}`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.ok(Number(head.headers.get('content-length')) > 0);
  });
});
