/**
 * The emulator serves real git: real `git clone` over smart HTTP gets the very commit ids the listing shows
 * (the server asserts them when it builds a repo), a moved repo has both commits, and git sees the Hub's
 * answers for gated, disabled, private and missing repos.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { CREDENTIAL_HELPER, TOKEN_VARIABLE } from '../../src/download/git/git-environment.js';

const run = promisify(execFile);

describe('git smart HTTP on the emulator', () => {
  let emu: RunningEmulator;
  let dir: string;
  before(async () => {
    emu = await startEmulator({
      models: 20,
      seed: 'emulator-git',
      tokens: { hf_approved: { user: 'approved', gatedAccess: true }, hf_plain: { user: 'plain' } },
    });
    dir = mkdtempSync(join(tmpdir(), 'emulator-git-'));
  });
  after(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let n = 0;
  /** `git clone` (no checkout, no LFS) with a token through the credential helper when given. */
  async function clone(
    id: string,
    options: { token?: string; args?: string[] } = {},
  ): Promise<{ ok: boolean; path: string; stderr: string }> {
    const path = join(dir, `c${n++}`);
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: dir,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_TERMINAL_PROMPT: '0',
      LC_ALL: 'C',
    };
    const config: string[] = [];
    if (options.token !== undefined) {
      env[TOKEN_VARIABLE] = options.token;
      config.push('-c', `credential.helper=${CREDENTIAL_HELPER}`);
    }
    const args = [
      ...config,
      'clone',
      '--no-checkout',
      ...(options.args ?? []),
      `${emu.endpoint}/${id}`,
      path,
    ];
    try {
      const { stderr } = await run('git', args, { env, encoding: 'utf8' });
      return { ok: true, path, stderr };
    } catch (error) {
      return { ok: false, path, stderr: String((error as { stderr?: unknown }).stderr) };
    }
  }
  const git = async (cwd: string, ...args: string[]): Promise<string> =>
    (
      await run('git', args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir } })
    ).stdout.trim();

  test('a clone has the listed commit ids; the moved repo has both commits, main at the new one', async () => {
    const ids = [emu.hub.at(0).id, emu.hub.specials.oddNames, emu.hub.specials.legacy[0]] as string[];
    for (const id of ids) {
      const c = await clone(id);
      assert.ok(c.ok, c.stderr);
      assert.equal(await git(c.path, 'rev-parse', 'HEAD'), emu.hub.listedSha(id));
      assert.equal(await git(c.path, 'rev-list', '--count', 'HEAD'), String(emu.hub.commits(id).length));
    }
    const moved = emu.hub.specials.moved as string;
    const c = await clone(`${moved}.git`);
    assert.ok(c.ok, c.stderr);
    assert.equal(await git(c.path, 'rev-parse', 'refs/heads/main'), emu.hub.currentSha(moved));
    assert.equal(await git(c.path, 'rev-parse', 'HEAD^'), emu.hub.listedSha(moved));
    assert.notEqual(emu.hub.currentSha(moved), emu.hub.listedSha(moved));
  });

  test('LFS files are pointer blobs and .gitattributes tracks them', async () => {
    const id = emu.hub.at(0).id;
    const c = await clone(id);
    const lfs = emu.hub.files(id, 'main').find((f) => f.lfs !== null);
    assert.ok(lfs?.lfs);
    const pointer = await git(c.path, 'cat-file', 'blob', `HEAD:${lfs.path}`);
    assert.equal(
      pointer,
      `version https://git-lfs.github.com/spec/v1\noid sha256:${lfs.lfs.sha256}\nsize ${lfs.size}`,
    );
    assert.match(await git(c.path, 'cat-file', 'blob', 'HEAD:.gitattributes'), /filter=lfs/);
  });

  test('a shallow clone can fetch the listed commit of a moved repo by its id', async () => {
    const moved = emu.hub.specials.moved as string;
    const c = await clone(moved, { args: ['--depth', '1'] });
    assert.ok(c.ok, c.stderr);
    await git(c.path, 'fetch', '--depth', '1', 'origin', emu.hub.listedSha(moved));
    assert.equal(
      await git(c.path, 'rev-parse', `${emu.hub.listedSha(moved)}^{commit}`),
      emu.hub.listedSha(moved),
    );
  });

  test('gated: anonymous 401, unapproved token 403 with the Hub message, approved token (Basic auth) clones', async () => {
    const gated = emu.hub.specials.gatedManual as string;
    const anonymous = await clone(gated);
    assert.ok(!anonymous.ok);
    assert.match(anonymous.stderr, /could not read Username/);
    const plain = await clone(gated, { token: 'hf_plain' });
    assert.ok(!plain.ok);
    assert.match(
      plain.stderr,
      /remote: Access to model .* is restricted and you are not in the authorized list/,
    );
    assert.match(plain.stderr, /error: 403/);
    const approved = await clone(gated, { token: 'hf_approved' });
    assert.ok(approved.ok, approved.stderr);
    assert.equal(await git(approved.path, 'rev-parse', 'HEAD'), emu.hub.listedSha(gated));
  });

  test('disabled 403; deleted and private: 401 anonymous, not found with a token; a bad token is refused', async () => {
    const disabled = await clone(emu.hub.specials.disabled as string);
    assert.match(disabled.stderr, /remote: Access to this resource is disabled\.[\s\S]*error: 403/);
    for (const id of [
      emu.hub.specials.deleted,
      emu.hub.specials.private[0],
      'nobody/missing-repo',
    ] as string[]) {
      assert.match((await clone(id)).stderr, /could not read Username/, id);
      assert.match((await clone(id, { token: 'hf_plain' })).stderr, /repository '.*' not found/, id);
    }
    const bad = await clone(emu.hub.at(0).id, { token: 'hf_unknown' });
    assert.ok(bad.ok, 'a public repo needs no credentials, so git never sends the bad token');
    const badGated = await clone(emu.hub.specials.gatedAuto as string, { token: 'hf_unknown' });
    assert.match(badGated.stderr, /remote: Invalid credentials in Authorization header/);
  });

  test('pushes are refused', async () => {
    const response = await fetch(`${emu.endpoint}/${emu.hub.at(0).id}/info/refs?service=git-receive-pack`);
    assert.equal(response.status, 403);
  });
});

test('the bare repositories live in a temp folder of their own, removed when the emulator closes', async () => {
  // os.tmpdir() follows TMPDIR: a private one shows exactly what this emulator creates
  const tmp = mkdtempSync(join(tmpdir(), 'emulator-git-tmp-'));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    const emu = await startEmulator({ models: 5, seed: 'emulator-git-close' });
    const response = await fetch(`${emu.endpoint}/${emu.hub.at(0).id}/info/refs?service=git-upload-pack`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/x-git-upload-pack-advertisement');
    await response.arrayBuffer();
    const created = readdirSync(tmp);
    assert.equal(created.length, 1);
    assert.match(created[0] as string, /^hf-emulator-git-/);
    await emu.close();
    assert.deepEqual(readdirSync(tmp), []);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(tmp, { recursive: true, force: true });
  }
});
