/**
 * The official client (@huggingface/hub) against the emulator. Where the two disagree, the emulator is wrong.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  downloadFile,
  listFiles,
  listModels,
  modelInfo,
  pathsInfo,
  snapshotDownload,
  HubApiError,
} from '@huggingface/hub';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const gitSha1 = (bytes: Buffer): string =>
  createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');

describe('@huggingface/hub against the emulator', () => {
  let emu: RunningEmulator;
  let cacheDir: string;
  before(async () => {
    emu = await startEmulator({
      models: 1200,
      seed: 'conformance',
      tokens: { hf_reader: { user: 'reader' }, hf_approved: { user: 'approved', gatedAccess: true } },
    });
    cacheDir = await mkdtemp(join(tmpdir(), 'hf-conformance-'));
  });
  after(async () => {
    await emu.close();
    await rm(cacheDir, { recursive: true, force: true });
  });

  test('listModels walks every page (Link rel=next) with additional fields', async () => {
    const seen: Array<{
      id: string;
      name: string;
      sha: string | undefined;
      filePaths: string[];
      downloads: number;
      author?: string;
    }> = [];
    for await (const model of listModels({
      hubUrl: emu.endpoint,
      additionalFields: [
        'sha',
        'author',
        'tags',
        'cardData',
        'config',
        'createdAt',
        'downloadsAllTime',
        'library_name',
        'safetensors',
        'filePaths',
      ],
    })) {
      seen.push(model as unknown as (typeof seen)[number]);
    }
    const before = emu.stats.byKind.list;
    assert.equal(seen.length, 1200);
    assert.ok(before >= 3, 'pages of 500');
    const expected = [...emu.hub.models()];
    assert.deepEqual(
      seen.map((m) => m.name),
      expected.map((m) => m.id),
    );
    assert.deepEqual(
      seen.map((m) => m.id),
      expected.map((m) => m.mongoId),
    );
    for (const [i, model] of seen.slice(0, 30).entries()) {
      const hubModel = expected[i];
      assert.ok(hubModel);
      assert.equal(model.sha, emu.hub.listedSha(hubModel));
      assert.deepEqual(
        model.filePaths,
        emu.hub.files(hubModel, model.sha as string).map((f) => f.path),
      );
      assert.equal(model.downloads, hubModel.downloads);
    }
    const updated = seen[0] as unknown as { updatedAt: Date };
    assert.ok(updated.updatedAt instanceof Date && !Number.isNaN(updated.updatedAt.getTime()));
  });

  test('listModels with a search and a limit', async () => {
    const found = [];
    for await (const model of listModels({
      hubUrl: emu.endpoint,
      search: { query: 'bert', owner: undefined },
      limit: 7,
    }))
      found.push(model.name);
    assert.equal(found.length, 7);
    assert.ok(found.every((name) => name.toLowerCase().includes('bert')));
  });

  test('modelInfo, also through a legacy alias (307)', async () => {
    const top = emu.hub.at(0);
    const info = await modelInfo({
      name: top.id,
      hubUrl: emu.endpoint,
      additionalFields: ['sha', 'cardData', 'config', 'tags', 'safetensors', 'downloadsAllTime'],
    });
    assert.equal(info.name, top.id);
    assert.equal(info.id, top.mongoId);
    assert.equal(info.sha, emu.hub.currentSha(top));
    const renamed = emu.hub.specials.renamed;
    assert.ok(renamed);
    const aliased = await modelInfo({ name: renamed.from, hubUrl: emu.endpoint });
    assert.equal(aliased.name, renamed.to);
    await assert.rejects(
      modelInfo({ name: 'nobody/none-00000', hubUrl: emu.endpoint }),
      (error: unknown) => error instanceof HubApiError && error.statusCode === 401,
    );
    await assert.rejects(
      modelInfo({ name: 'nobody/none-00000', hubUrl: emu.endpoint, accessToken: 'hf_reader' }),
      (error: unknown) =>
        error instanceof HubApiError &&
        error.statusCode === 404 &&
        /Repository not found/.test(error.message),
    );
  });

  test('listFiles recursive follows tree pages and matches the hub', async () => {
    const id = emu.hub.specials.manyFiles as string;
    const entries = [];
    for await (const entry of listFiles({
      repo: { type: 'model', name: id },
      recursive: true,
      hubUrl: emu.endpoint,
    }))
      entries.push(entry);
    const files = entries.filter((e) => e.type === 'file');
    const expected = emu.hub.files(id, 'main');
    assert.ok(expected.length > 1000);
    assert.deepEqual(
      files.map((f) => [f.path, f.oid, f.size, f.lfs?.oid]),
      expected.map((f) => [f.path, f.blobId, f.size, f.lfs?.sha256]),
    );
    assert.ok(entries.some((e) => e.type === 'directory'));
    const expanded = [];
    for await (const entry of listFiles({
      repo: { type: 'model', name: emu.hub.at(0).id },
      recursive: true,
      expand: true,
      hubUrl: emu.endpoint,
    }))
      expanded.push(entry);
    assert.ok(expanded.every((e) => e.lastCommit?.id !== undefined));
  });

  test('pathsInfo with expand', async () => {
    const id = emu.hub.at(0).id;
    const lfsFile = emu.hub.files(id, 'main').find((f) => f.lfs !== null);
    assert.ok(lfsFile?.lfs);
    const [info] = await pathsInfo({
      repo: { type: 'model', name: id },
      paths: [lfsFile.path, 'missing.bin'],
      expand: true,
      hubUrl: emu.endpoint,
    });
    assert.equal(info?.lfs?.oid, lfsFile.lfs.sha256);
    assert.equal(info?.lastCommit?.id, emu.hub.currentSha(id));
  });

  test('downloadFile: LFS bytes hash to the LFS oid, regular bytes to the blob id', async () => {
    const id = emu.hub.at(0).id;
    const before = emu.stats.byKind.cdn;
    for (const file of emu.hub.files(id, 'main').filter((f) => f.size > 0)) {
      const blob = await downloadFile({
        repo: { type: 'model', name: id },
        path: file.path,
        hubUrl: emu.endpoint,
      });
      assert.ok(blob, file.path);
      const bytes = Buffer.from(await blob.arrayBuffer());
      assert.equal(bytes.length, file.size, file.path);
      if (file.lfs !== null) assert.equal(sha256(bytes), file.lfs.sha256, file.path);
      else assert.equal(gitSha1(bytes), file.blobId, file.path);
    }
    assert.ok(emu.stats.byKind.cdn > before, 'LFS bytes came from the CDN origin');
    assert.equal(
      await downloadFile({ repo: { type: 'model', name: id }, path: 'not/there.txt', hubUrl: emu.endpoint }),
      null,
    );
  });

  test('downloadFile on gated and disabled repos fails the way the Hub fails', async () => {
    const gated = emu.hub.specials.gatedManual as string;
    await assert.rejects(
      downloadFile({ repo: { type: 'model', name: gated }, path: 'README.md', hubUrl: emu.endpoint }),
      (e: unknown) => e instanceof HubApiError && e.statusCode === 401,
    );
    await assert.rejects(
      downloadFile({
        repo: { type: 'model', name: gated },
        path: 'README.md',
        hubUrl: emu.endpoint,
        accessToken: 'hf_reader',
      }),
      (e: unknown) => e instanceof HubApiError && e.statusCode === 403,
    );
    const approved = await downloadFile({
      repo: { type: 'model', name: gated },
      path: 'README.md',
      hubUrl: emu.endpoint,
      accessToken: 'hf_approved',
    });
    assert.equal(await approved?.text(), emu.hub.readFile(gated, 'main', 'README.md').toString('utf8'));
    assert.equal(emu.stats.cdnWithAuthorization, 0, 'the token never reached the CDN');
    await assert.rejects(
      downloadFile({
        repo: { type: 'model', name: emu.hub.specials.disabled as string },
        path: 'README.md',
        hubUrl: emu.endpoint,
      }),
      (e: unknown) => e instanceof HubApiError && e.statusCode === 403,
    );
  });

  test('snapshotDownload builds the cache layout with every file verified', async () => {
    for (const model of [emu.hub.at(0), emu.hub.at(emu.hub.specials.moved === null ? 0 : 3)]) {
      const folder = await snapshotDownload({
        repo: { type: 'model', name: model.id },
        cacheDir,
        hubUrl: emu.endpoint,
      });
      const sha = emu.hub.currentSha(model);
      assert.ok(folder.endsWith(join('snapshots', sha)));
      const refsMain = await readFile(
        join(cacheDir, `models--${model.id.replace('/', '--')}`, 'refs', 'main'),
        'utf8',
      );
      assert.equal(refsMain, sha);
      for (const file of emu.hub.files(model, sha)) {
        const bytes = await readFile(join(folder, file.path));
        if (file.lfs !== null) assert.equal(sha256(bytes), file.lfs.sha256, file.path);
        else assert.equal(gitSha1(bytes), file.blobId, file.path);
      }
      const blobs = await readdir(join(cacheDir, `models--${model.id.replace('/', '--')}`, 'blobs'));
      const lfsOids = emu.hub
        .files(model, sha)
        .filter((f) => f.lfs !== null)
        .map((f) => f.lfs?.sha256);
      for (const oid of lfsOids)
        assert.ok(blobs.includes(oid as string), 'LFS blobs are stored under their sha256');
      assert.ok((await stat(folder)).isDirectory());
    }
  });
});
