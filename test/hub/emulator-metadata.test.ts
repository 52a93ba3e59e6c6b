/** The client against the project's Hub emulator: listing, model info, tree, and the Hub's error semantics. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { collect, testClient } from './helpers/client.js';

let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator({
    models: 60,
    seed: 11,
    tokens: {
      hf_user: { user: 'someone' },
      hf_owner: { user: 'emulator-owner' },
    },
  });
});
after(() => emu.close());

const EXPAND = ['author', 'sha', 'downloads', 'gated', 'siblings', 'lastModified'];

describe('against the emulator: listing', () => {
  it('lists every public model once, in downloads order, over several pages', async () => {
    const { client } = testClient(emu.endpoint);
    const pages = await collect(client.listModelPages({ limit: 25, sort: 'downloads', expand: EXPAND }));
    assert.deepEqual(
      pages.map((p) => p.items.length),
      [25, 25, 10],
    );
    assert.equal(pages[2]?.nextUrl, null);
    const ids = pages.flatMap((p) => p.items.map((i) => i.model.id));
    assert.deepEqual(
      ids,
      [...emu.hub.models()].map((m) => m.id),
    );
    for (const legacy of emu.hub.specials.legacy) {
      const item = pages.flatMap((p) => p.items).find((i) => i.model.id === legacy);
      assert.ok(item, legacy);
      assert.equal(item.model.author, null, 'legacy ids come without author');
    }
    const first = pages[0]?.items[0];
    assert.ok(first);
    assert.deepEqual(Object.keys(first.raw).sort(), ['_id', 'id', ...EXPAND].sort());
    assert.equal(first.model.sha, emu.hub.listedSha(first.model.id));
    await client.close();
  });

  it('resumes from a stored next URL with no duplicate and no gap', async () => {
    const { client } = testClient(emu.endpoint);
    const generator = client.listModelPages({ limit: 20, sort: 'downloads' });
    const first = (await generator.next()).value;
    await generator.return(undefined);
    assert.ok(first?.nextUrl);
    const again = testClient(emu.endpoint).client;
    const rest = await collect(again.listModelPages({ limit: 20, sort: 'downloads' }, first.nextUrl));
    const ids = [...first.items, ...rest.flatMap((p) => p.items)].map((i) => i.model.id);
    assert.deepEqual(
      ids,
      [...emu.hub.models()].map((m) => m.id),
    );
    await client.close();
    await again.close();
  });

  it('an unknown expand value is a BadRequestError', async () => {
    const { client } = testClient(emu.endpoint);
    await assert.rejects(collect(client.listModelPages({ expand: ['nonsense'] })), {
      code: 'BAD_REQUEST',
      status: 400,
    });
    await client.close();
  });
});

describe('against the emulator: model info and tree', () => {
  it('model info with blobs at the listed commit gives the exact file manifest', async () => {
    const { client } = testClient(emu.endpoint);
    const model = emu.hub.at(0);
    const sha = emu.hub.listedSha(model);
    const info = await client.modelInfo(model.id, { revision: sha, blobs: true });
    assert.equal(info.model.id, model.id);
    assert.equal(info.model.sha, sha);
    assert.equal(info.model.mongoId, model.mongoId);
    assert.deepEqual(
      info.files,
      emu.hub
        .files(model, sha)
        .map(({ path, size, blobId, lfs }) => ({ path, size, blobId, lfs: lfs && { ...lfs } })),
    );
    assert.ok(info.files?.some((f) => f.lfs !== null) && info.files.some((f) => f.lfs === null));
    await client.close();
  });

  it('a legacy alias answers 307 and lands on the canonical repo', async () => {
    const renamed = emu.hub.specials.renamed;
    assert.ok(renamed);
    const { client } = testClient(emu.endpoint);
    const info = await client.modelInfo(renamed.from);
    assert.equal(info.model.id, renamed.to);
    await client.close();
  });

  it('lists a tree of more than one page, files only', async () => {
    const id = emu.hub.specials.manyFiles;
    assert.ok(id);
    const { client } = testClient(emu.endpoint);
    const sha = emu.hub.listedSha(id);
    const before = emu.stats.byKind.tree;
    const files = await collect(client.listFiles(id, sha));
    assert.ok(emu.stats.byKind.tree - before >= 2, 'paginated');
    assert.deepEqual(
      files,
      emu.hub
        .files(id, sha)
        .map(({ path, size, blobId, lfs }) => ({ path, size, blobId, lfs: lfs && { ...lfs } })),
    );
    await client.close();
  });

  it('gated metadata stays public', async () => {
    const { client } = testClient(emu.endpoint);
    const info = await client.modelInfo(emu.hub.specials.gatedManual ?? '');
    assert.equal(info.model.gated, 'manual');
    await client.close();
  });

  it('the Hub error semantics: anonymous 401, authenticated 404, owner 200, bad revision, bad token', async () => {
    const anonymous = testClient(emu.endpoint).client;
    const user = testClient(emu.endpoint, { token: 'hf_user' }).client;
    const owner = testClient(emu.endpoint, { token: 'hf_owner' }).client;
    const badToken = testClient(emu.endpoint, { token: 'hf_revoked' }).client;
    const privateId = emu.hub.specials.private[0] ?? '';
    await assert.rejects(anonymous.modelInfo(privateId), { code: 'REPO_NOT_FOUND', status: 401 });
    await assert.rejects(user.modelInfo(privateId), { code: 'REPO_NOT_FOUND', status: 404 });
    assert.equal((await owner.modelInfo(privateId)).model.private, true);
    await assert.rejects(anonymous.modelInfo(emu.hub.specials.deleted ?? ''), { code: 'REPO_NOT_FOUND' });
    await assert.rejects(anonymous.modelInfo('nobody/nothing-here'), { code: 'REPO_NOT_FOUND', status: 401 });
    await assert.rejects(anonymous.modelInfo(emu.hub.at(0).id, { revision: 'f'.repeat(40) }), {
      code: 'REVISION_NOT_FOUND',
      status: 404,
    });
    await assert.rejects(badToken.modelInfo(emu.hub.at(0).id), { code: 'INVALID_CREDENTIALS', status: 401 });
    await Promise.all([anonymous.close(), user.close(), owner.close(), badToken.close()]);
  });
});
