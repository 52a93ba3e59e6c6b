import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

interface Entry {
  type: string;
  oid: string;
  size: number;
  path: string;
  lfs?: { oid: string; size: number; pointerSize: number };
  lastCommit?: { id: string; title: string; date: string };
}

async function walkTree(url: string): Promise<{ entries: Entry[]; pages: number }> {
  const entries: Entry[] = [];
  let next: string | null = url;
  let pages = 0;
  while (next !== null) {
    const response = await fetch(next);
    assert.equal(response.status, 200, next);
    entries.push(...((await response.json()) as Entry[]));
    pages++;
    next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
  }
  return { entries, pages };
}

describe('tree and paths-info', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ models: 60, seed: 'tree' });
  });
  after(() => emu.close());

  test('a recursive tree of more than 1000 files spans pages and includes directories', async () => {
    const id = emu.hub.specials.manyFiles as string;
    const sha = emu.hub.currentSha(id);
    const { entries, pages } = await walkTree(
      `${emu.endpoint}/api/models/${id}/tree/${sha}?recursive=True&expand=False`,
    );
    const commit = emu.hub.commits(id).at(-1);
    assert.ok(commit);
    assert.equal(pages, Math.ceil(commit.entries.length / 1000));
    assert.ok(pages >= 2);
    const files = entries.filter((e) => e.type === 'file');
    assert.equal(files.length, emu.hub.files(id, sha).length);
    assert.ok(files.length > 1000);
    assert.deepEqual(
      files.map((e) => [e.path, e.oid, e.size, e.lfs?.oid ?? null]),
      emu.hub.files(id, sha).map((f) => [f.path, f.blobId, f.size, f.lfs?.sha256 ?? null]),
    );
    const dirs = entries.filter((e) => e.type === 'directory');
    assert.ok(dirs.length > 0);
    for (const dir of dirs) {
      assert.equal(dir.size, 0);
      assert.equal(dir.oid, commit.dirs.get(dir.path));
    }
    const lfs = files.find((e) => e.lfs !== undefined);
    assert.equal(lfs?.size, lfs?.lfs?.size, 'an LFS entry reports its real size');
  });

  test('one level at a time; sub-paths raw or encoded; unknown folder 404', async () => {
    const id = emu.hub.specials.oddNames as string;
    const root = (await (await fetch(`${emu.endpoint}/api/models/${id}/tree/main`)).json()) as Entry[];
    assert.ok(root.every((e) => !e.path.includes('/')));
    assert.ok(root.some((e) => e.type === 'directory' && e.path === 'deep'));
    const raw = (await (
      await fetch(`${emu.endpoint}/api/models/${id}/tree/main/deep/er?recursive=false`)
    ).json()) as Entry[];
    const encoded = (await (
      await fetch(`${emu.endpoint}/api/models/${id}/tree/main/deep%2Fer`)
    ).json()) as Entry[];
    assert.deepEqual(raw, encoded);
    assert.deepEqual(
      raw.map((e) => e.path),
      ['deep/er/and'],
    );
    const accents = (await (
      await fetch(`${emu.endpoint}/api/models/${id}/tree/main/${encodeURIComponent('données')}`)
    ).json()) as Entry[];
    assert.deepEqual(
      accents.map((e) => e.path),
      ["données/é l'été.txt"],
    );
    assert.equal((await fetch(`${emu.endpoint}/api/models/${id}/tree/main/README.md`)).status, 404);
  });

  test('expand=true: lastCommit per entry and smaller pages', async () => {
    const id = emu.hub.specials.moved as string;
    const commits = emu.hub.commits(id);
    const entries = (await walkTree(`${emu.endpoint}/api/models/${id}/tree/main?recursive=true&expand=true`))
      .entries;
    const byPath = new Map(entries.map((e) => [e.path, e]));
    assert.equal(byPath.get('.gitattributes')?.lastCommit?.id, commits[0]?.sha);
    assert.equal(byPath.get('.gitattributes')?.lastCommit?.title, 'initial commit');
    assert.equal(byPath.get('README.md')?.lastCommit?.id, commits[2]?.sha);
    assert.equal(byPath.get('CHANGELOG.md')?.lastCommit?.id, commits[2]?.sha);
    const big = emu.hub.specials.manyFiles as string;
    const page = (await (
      await fetch(`${emu.endpoint}/api/models/${big}/tree/main?recursive=true&expand=true`)
    ).json()) as Entry[];
    assert.equal(page.length, 50);
  });

  test('paths-info with a JSON or a form body; unknown paths are omitted', async () => {
    const id = emu.hub.specials.oddNames as string;
    const sha = emu.hub.currentSha(id);
    const weights = emu.hub.files(id, sha).find((f) => f.lfs !== null);
    assert.ok(weights?.lfs);
    const json = await fetch(`${emu.endpoint}/api/models/${id}/paths-info/${sha}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ paths: [weights.path, 'nope.txt', 'deep'], expand: true }),
    });
    const entries = (await json.json()) as Entry[];
    assert.deepEqual(
      entries.map((e) => [e.path, e.type]),
      [
        [weights.path, 'file'],
        ['deep', 'directory'],
      ],
    );
    assert.equal(entries[0]?.lfs?.oid, weights.lfs.sha256);
    assert.equal(entries[0]?.lastCommit?.id, sha);
    const form = await fetch(`${emu.endpoint}/api/models/${id}/paths-info/main`, {
      method: 'POST',
      body: new URLSearchParams([
        ['paths', 'a b/c d.json'],
        ['paths', 'missing'],
        ['expand', 'False'],
      ]),
    });
    const formEntries = (await form.json()) as Entry[];
    assert.deepEqual(
      formEntries.map((e) => e.path),
      ['a b/c d.json'],
    );
    assert.equal(formEntries[0]?.lastCommit, undefined);
    const none = await fetch(`${emu.endpoint}/api/models/${id}/paths-info/main`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"paths":["x"]}',
    });
    assert.deepEqual(await none.json(), []);
  });

  test('commits history', async () => {
    const id = emu.hub.specials.moved as string;
    const response = await fetch(`${emu.endpoint}/api/models/${id}/commits/main`);
    assert.equal(response.headers.get('x-total-count'), '3');
    const commits = (await response.json()) as Array<{ id: string; title: string }>;
    assert.deepEqual(
      commits.map((c) => c.id),
      emu.hub
        .commits(id)
        .map((c) => c.sha)
        .reverse(),
    );
  });
});
