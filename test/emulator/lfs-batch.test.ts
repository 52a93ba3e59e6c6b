import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

interface BatchObject {
  oid: string;
  size: number;
  actions?: { download: { href: string; expires_in: number } };
  error?: { code: number; message: string };
}

describe('Git LFS batch API', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({
      models: 40,
      seed: 'lfs-batch',
      tokens: { hf_approved: { user: 'approved', gatedAccess: true } },
    });
  });
  after(() => emu.close());

  const batch = (
    id: string,
    objects: Array<{ oid: string; size: number }>,
    token?: string,
  ): Promise<Response> =>
    fetch(`${emu.endpoint}/${id}.git/info/lfs/objects/batch`, {
      method: 'POST',
      headers: {
        Accept: 'application/vnd.git-lfs+json',
        'Content-Type': 'application/vnd.git-lfs+json',
        ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({
        operation: 'download',
        transfers: ['basic'],
        ref: { name: 'refs/heads/main' },
        objects,
        hash_algo: 'sha256',
      }),
    });

  test('download actions point at the CDN for objects of every commit; unknown objects get a 404 error', async () => {
    const id = emu.hub.specials.moved as string;
    const objects = emu.hub
      .commits(id)
      .flatMap((c) => c.files)
      .filter((f) => f.lfs !== null)
      .map((f) => ({ oid: f.lfs?.sha256 as string, size: f.size }));
    const unique = [...new Map(objects.map((o) => [o.oid, o])).values()];
    assert.ok(unique.length >= 2, 'the moved repo changed its weights');
    const response = await batch(id, [...unique, { oid: 'f'.repeat(64), size: 1 }]);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/vnd.git-lfs+json');
    const body = (await response.json()) as { transfer: string; objects: BatchObject[] };
    assert.equal(body.transfer, 'basic');
    for (const object of body.objects.slice(0, -1)) {
      const href = object.actions?.download.href ?? '';
      assert.equal(new URL(href).origin, emu.cdnEndpoint);
      const bytes = Buffer.from(await (await fetch(href)).arrayBuffer());
      assert.equal(createHash('sha256').update(bytes).digest('hex'), object.oid);
      assert.equal(bytes.length, object.size);
    }
    assert.deepEqual(body.objects.at(-1)?.error, { code: 404, message: 'Object does not exist' });
  });

  test('gated and missing repos are refused as on resolve', async () => {
    const gated = emu.hub.specials.gatedAuto as string;
    const oid = emu.hub.files(gated, 'main').find((f) => f.lfs !== null)?.lfs?.sha256 as string;
    assert.equal((await batch(gated, [{ oid, size: 1 }])).status, 401);
    assert.equal((await batch(gated, [{ oid, size: 1 }], 'hf_approved')).status, 200);
    assert.equal((await batch('nobody/missing-00000', [{ oid, size: 1 }])).status, 401);
  });
});
