/** The client against the project's Hub emulator: file downloads, token hygiene, fault profiles, rate limits. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { after, afterEach, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { HubClient } from '../../src/hub/index.js';
import { testClient } from './helpers/client.js';
import { VirtualClock } from './helpers/virtual-clock.js';

async function bytes(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function gitBlobSha1(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

let emu: RunningEmulator;
const clock = new VirtualClock({ instant: true });
before(async () => {
  emu = await startEmulator({
    models: 40,
    seed: 5,
    now: () => clock.now(),
    tokens: { hf_user: { user: 'someone' }, hf_approved: { user: 'approved', gatedAccess: true } },
  });
});
afterEach(() => emu.faults.clear());
after(() => emu.close());

function client(token?: string): { client: HubClient; events: ReturnType<typeof testClient>['events'] } {
  return testClient(emu.endpoint, { clock, ...(token === undefined ? {} : { token }) });
}

describe('against the emulator: files', () => {
  it('downloads a whole repo verified, one chain per file, and the token never reaches the CDN', async () => {
    const { client: hub } = client('hf_user');
    const model = emu.hub.at(0);
    const sha = emu.hub.listedSha(model);
    const before = emu.stats.cdnWithAuthorization;
    for (const file of emu.hub.files(model, sha)) {
      const opened = await hub.openFile(model.id, sha, file.path);
      const content = await bytes(opened.body);
      assert.equal(opened.commit, sha);
      assert.equal(opened.size, file.size);
      if (file.lfs !== null) {
        assert.equal(createHash('sha256').update(content).digest('hex'), file.lfs.sha256, file.path);
        assert.equal(opened.etag, file.lfs.sha256);
        assert.equal(opened.resolveRequests, 1, 'resolve 302 -> CDN');
      } else {
        assert.equal(gitBlobSha1(content), file.blobId, file.path);
        assert.equal(opened.etag, file.blobId);
        assert.equal(opened.resolveRequests, 2, 'resolve 307 -> resolve-cache');
      }
      assert.equal(emu.stats.resolveCount(model.id, file.path), 1, 'no HEAD first, no second resolve');
    }
    assert.equal(emu.stats.cdnWithAuthorization, before);
    await hub.close();
  });

  it('file names with spaces, accents, CJK, emoji and reserved characters round-trip', async () => {
    const id = emu.hub.specials.oddNames;
    assert.ok(id);
    const sha = emu.hub.listedSha(id);
    const { client: hub } = client();
    for (const file of emu.hub.files(id, sha)) {
      const opened = await hub.openFile(id, sha, file.path);
      assert.deepEqual(await bytes(opened.body), emu.hub.readFile(id, sha, file.path), file.path);
    }
    await hub.close();
  });

  it('gated, disabled, missing file and bad revision are typed errors', async () => {
    const gated = emu.hub.specials.gatedManual ?? '';
    const sha = emu.hub.listedSha(gated);
    const path = emu.hub.files(gated, sha).find((f) => f.lfs !== null)?.path ?? '';
    const anonymous = client().client;
    const user = client('hf_user').client;
    const approved = client('hf_approved').client;
    await assert.rejects(anonymous.openFile(gated, sha, path), { code: 'GATED_REPO', status: 401 });
    await assert.rejects(user.openFile(gated, sha, path), { code: 'GATED_REPO', status: 403 });
    const opened = await approved.openFile(gated, sha, path);
    assert.equal((await bytes(opened.body)).length, opened.size);
    const disabled = emu.hub.specials.disabled ?? '';
    await assert.rejects(user.openFile(disabled, 'main', 'config.json'), {
      code: 'REPO_DISABLED',
      status: 403,
    });
    await assert.rejects(anonymous.openFile(emu.hub.at(0).id, 'main', 'no/such file.bin'), {
      code: 'ENTRY_NOT_FOUND',
      status: 404,
    });
    await assert.rejects(anonymous.openFile(emu.hub.at(0).id, 'f'.repeat(40), 'config.json'), {
      code: 'REVISION_NOT_FOUND',
    });
    await Promise.all([anonymous.close(), user.close(), approved.close()]);
  });
});

describe('against the emulator: faults', () => {
  const model = () => emu.hub.at(0);
  const lfsFile = () =>
    emu.hub.files(model(), emu.hub.listedSha(model())).find((f) => f.lfs !== null && f.size > 4096);

  it('503 with Retry-After on model info: retried, never sooner than asked', async () => {
    emu.faults.add({ kind: 'info', action: { type: 'status', status: 503, retryAfterSeconds: 1 }, times: 2 });
    const { client: hub, events } = client();
    const info = await hub.modelInfo(model().id);
    assert.equal(info.model.id, model().id);
    const retries = events.filter((e) => e.type === 'retry');
    assert.equal(retries.length, 2);
    assert.ok(retries.every((e) => e.type === 'retry' && e.delayMillis >= 1000));
    await hub.close();
  });

  it('a 429 burst on the listing is ridden out, waiting at least Retry-After', async () => {
    emu.faults.add({ kind: 'list', action: { type: 'rate-limit', retryAfterSeconds: 2 }, skip: 1, times: 2 });
    const { client: hub, events } = client();
    const started = clock.now();
    let count = 0;
    for await (const page of hub.listModelPages({ limit: 10 })) count += page.items.length;
    assert.equal(count, 40);
    const retries = events.filter((e) => e.type === 'retry');
    assert.equal(retries.length, 2);
    assert.ok(retries.every((e) => e.type === 'retry' && e.delayMillis >= 2000));
    assert.ok(clock.now() - started >= 4000);
    await hub.close();
  });

  it('500s on resolve: the chain is retried before the body starts', async () => {
    const file = lfsFile();
    assert.ok(file);
    emu.faults.add({ kind: 'resolve', path: file.path, action: { type: 'status', status: 500 }, times: 2 });
    const { client: hub } = client();
    const opened = await hub.openFile(model().id, emu.hub.listedSha(model()), file.path);
    assert.equal((await bytes(opened.body)).length, file.size);
    assert.equal(opened.resolveRequests, 3);
    await hub.close();
  });

  it('a reset mid-body reaches the caller, who resumes with Range to the exact bytes', async () => {
    const file = lfsFile();
    assert.ok(file);
    const sha = emu.hub.listedSha(model());
    emu.faults.add({ kind: 'cdn', path: file.path, action: { type: 'reset', afterBytes: 1000 }, times: 1 });
    const { client: hub } = client();
    const first = await hub.openFile(model().id, sha, file.path);
    const received: Buffer[] = [];
    await assert.rejects(async () => {
      for await (const chunk of first.body) received.push(chunk as Buffer);
    });
    const have = Buffer.concat(received).length;
    assert.ok(have > 0 && have < file.size);
    const rest = await hub.openFile(model().id, sha, file.path, {
      start: have,
      etag: first.etag ?? undefined,
    });
    assert.equal(rest.partial, true);
    assert.equal(rest.offset, have);
    const content = Buffer.concat([...received, await bytes(rest.body)]);
    assert.equal(createHash('sha256').update(content).digest('hex'), file.lfs?.sha256);
    await hub.close();
  });

  it('a CDN that ignores Range: partial false with the whole file', async () => {
    const file = lfsFile();
    assert.ok(file);
    emu.faults.add({ kind: 'cdn', path: file.path, action: { type: 'ignore-range' }, times: 1 });
    const { client: hub } = client();
    const opened = await hub.openFile(model().id, emu.hub.listedSha(model()), file.path, { start: 100 });
    assert.equal(opened.partial, false);
    assert.equal(opened.offset, 0);
    assert.equal((await bytes(opened.body)).length, file.size);
    await hub.close();
  });

  it('a body cut short of its Content-Length errors for the caller', async () => {
    const model0 = model();
    const sha = emu.hub.listedSha(model0);
    const file = emu.hub.files(model0, sha).find((f) => f.lfs === null && f.size > 100);
    assert.ok(file);
    emu.faults.add({ kind: 'resolve-cache', path: file.path, action: { type: 'truncate' }, times: 1 });
    const { client: hub } = client();
    const opened = await hub.openFile(model0.id, sha, file.path);
    await assert.rejects(bytes(opened.body));
    await hub.close();
  });
});

describe('against the emulator: rate limits', () => {
  it('paces a listing and concurrent downloads under small quotas without a single 429', async () => {
    const virtual = new VirtualClock({ instant: true });
    const limited = await startEmulator({
      models: 40,
      seed: 9,
      now: () => virtual.now(),
      rateLimits: { api: { quota: 3, windowSeconds: 10 }, resolvers: { quota: 8, windowSeconds: 10 } },
    });
    const { client: hub, events } = testClient(limited.endpoint, { clock: virtual });
    let listed = 0;
    for await (const page of hub.listModelPages({ limit: 5 })) listed += page.items.length;
    assert.equal(listed, 40);
    const model = limited.hub.at(0);
    const sha = limited.hub.listedSha(model);
    const files = limited.hub.files(model, sha);
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < files.length) {
          const file = files[next++];
          if (file === undefined) break;
          const opened = await hub.openFile(model.id, sha, file.path);
          assert.equal((await bytes(opened.body)).length, file.size);
        }
      }),
    );
    assert.equal(limited.stats.rateLimited, 0, 'no 429 at all');
    assert.ok(events.some((e) => e.type === 'rate-limit-wait' && e.bucket === 'api'));
    assert.ok(events.some((e) => e.type === 'rate-limit-wait' && e.bucket === 'resolvers'));
    await hub.close();
    await limited.close();
  });
});
