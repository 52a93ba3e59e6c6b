import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

const TOKENS = {
  hf_reader: { user: 'reader' },
  hf_approved: { user: 'approved', gatedAccess: true },
  hf_owner: { user: 'emulator-owner' },
};

describe('error semantics (protocol reference §4.2)', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ models: 200, seed: 'errors', tokens: TOKENS });
  });
  after(() => emu.close());

  const get = (path: string, token?: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${emu.endpoint}${path}`, {
      redirect: 'manual',
      ...init,
      headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
    });

  test('missing or private repos: anonymous 401 without error code, authenticated 404 RepoNotFound', async () => {
    const privateId = emu.hub.specials.private[0] as string;
    for (const id of ['nobody/nothing-zzzzz', privateId, emu.hub.specials.deleted as string]) {
      for (const path of [
        `/api/models/${id}`,
        `/api/models/${id}/tree/main`,
        `/${id}/resolve/main/config.json`,
      ]) {
        const anonymous = await get(path);
        assert.equal(anonymous.status, 401, path);
        assert.equal(anonymous.headers.get('x-error-code'), null);
        assert.equal(anonymous.headers.get('x-error-message'), 'Invalid username or password.');
        assert.match(
          anonymous.headers.get('www-authenticate') ?? '',
          /^Bearer realm="Authentication required"/,
        );
        const body = await anonymous.text();
        if (path.startsWith('/api/'))
          assert.deepEqual(JSON.parse(body), { error: 'Invalid username or password.' });
        else assert.equal(body, 'Invalid username or password.');
        const authenticated = await get(path, 'hf_reader');
        assert.equal(authenticated.status, 404, path);
        assert.equal(authenticated.headers.get('x-error-code'), 'RepoNotFound');
      }
    }
    // the deleted repo is still listed
    const ids = ((await (await get('/api/models?limit=1000')).json()) as Array<{ id: string }>).map(
      (i) => i.id,
    );
    assert.ok(ids.includes(emu.hub.specials.deleted as string));
    // its owner reads a private repo
    assert.equal((await get(`/api/models/${privateId}`, 'hf_owner')).status, 200);
  });

  test('an unknown token is refused everywhere', async () => {
    for (const path of ['/api/models', `/api/models/${emu.hub.at(0).id}`]) {
      const response = await get(path, 'hf_stolen');
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('x-error-message'), 'Invalid credentials in Authorization header');
    }
  });

  test('gated repos: metadata public, files 401 GatedRepo anonymous, 403 without approval, 200 approved', async () => {
    for (const id of [emu.hub.specials.gatedAuto as string, emu.hub.specials.gatedManual as string]) {
      const info = (await (await get(`/api/models/${id}`)).json()) as { gated: string };
      assert.ok(info.gated === 'auto' || info.gated === 'manual');
      assert.equal((await get(`/api/models/${id}/tree/main`)).status, 200);
      const path = `/${id}/resolve/main/README.md`;
      const anonymous = await get(path);
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.headers.get('x-error-code'), 'GatedRepo');
      assert.equal(
        anonymous.headers.get('x-error-message'),
        `Access to model ${id} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
      );
      assert.equal(anonymous.headers.get('x-repo-commit'), emu.hub.currentSha(id));
      const refused = await get(path, 'hf_reader');
      assert.equal(refused.status, 403);
      assert.equal(refused.headers.get('x-error-code'), 'GatedRepo');
      assert.match(
        refused.headers.get('x-error-message') ?? '',
        /not in the authorized list\. Visit http:\/\/127\.0\.0\.1:\d+\/.* to ask for access\./,
      );
      const approved = await get(path, 'hf_approved');
      assert.equal(approved.status, 307);
    }
  });

  test('disabled repos: model info 200 with disabled:true, files 403 "Access to this resource is disabled."', async () => {
    const id = emu.hub.specials.disabled as string;
    const info = (await (await get(`/api/models/${id}`)).json()) as { disabled: boolean };
    assert.equal(info.disabled, true);
    const file = await get(`/${id}/resolve/main/README.md`, 'hf_approved');
    assert.equal(file.status, 403);
    assert.equal(file.headers.get('x-error-message'), 'Access to this resource is disabled.');
  });

  test('EntryNotFound and RevisionNotFound; X-Repo-Commit on resolve 404s', async () => {
    const id = emu.hub.at(0).id;
    const entry = await get(`/${id}/resolve/main/does/not/exist.bin`);
    assert.equal(entry.status, 404);
    assert.equal(entry.headers.get('x-error-code'), 'EntryNotFound');
    assert.equal(entry.headers.get('x-repo-commit'), emu.hub.currentSha(id));
    assert.equal(await entry.text(), 'Entry not found');
    const revision = await get(`/${id}/resolve/nope/config.json`);
    assert.equal(revision.status, 404);
    assert.equal(revision.headers.get('x-error-code'), 'RevisionNotFound');
    const folder = await get(`/api/models/${id}/tree/main/no-such-folder`);
    assert.equal(folder.status, 404);
    assert.equal(folder.headers.get('x-error-code'), 'EntryNotFound');
  });

  test('the moved repo: listing shows the old sha, main the new one, both downloadable by sha', async () => {
    const id = emu.hub.specials.moved as string;
    const listed = emu.hub.listedSha(id);
    const current = emu.hub.currentSha(id);
    assert.notEqual(listed, current);
    const info = (await (await get(`/api/models/${id}`)).json()) as { sha: string };
    assert.equal(info.sha, current);
    const commits = emu.hub.commits(id);
    assert.equal(commits.at(-1)?.parent, listed);
    for (const sha of [listed, current]) {
      const readme = await fetch(`${emu.endpoint}/${id}/resolve/${sha}/README.md`);
      assert.equal(readme.status, 200);
      assert.equal(readme.headers.get('x-repo-commit'), sha);
      assert.equal(await readme.text(), emu.hub.readFile(id, sha, 'README.md').toString('utf8'));
    }
    assert.notDeepEqual(
      emu.hub.readFile(id, listed, 'README.md'),
      emu.hub.readFile(id, current, 'README.md'),
    );
    const refs = (await (await get(`/api/models/${id}/refs`)).json()) as {
      branches: Array<{ targetCommit: string }>;
    };
    assert.equal(refs.branches[0]?.targetCommit, current);
  });
});
