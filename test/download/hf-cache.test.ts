/**
 * `download ORG/NAME --layout hf-cache` and the dataset pipeline into the Hugging Face cache: the layout rules
 * checked in JS, and the official Python client (huggingface_hub, offline) finding every file with the right
 * bytes. Without the project's venv the Python half skips with a message; the JS checks still run.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { download, reposRoot } from '../../src/download/index.js';
import { findPython } from '../helpers/python.js';
import { runCli } from '../helpers/run-cli.js';
import {
  assertCacheLayout,
  cacheFolder,
  cacheRef,
  emulatorSha256s,
  readWithOfficialClient,
} from './helpers/hf-cache.js';
import { seedSelection, selectedRepos, startFixture, type Fixture } from './helpers/pipeline.js';

const python = findPython(['huggingface_hub']);

describe('the hf-cache layout', () => {
  let fx: Fixture;
  let dir: string;
  before(async () => {
    fx = await startFixture({ models: 20 });
    dir = await mkdtemp(join(tmpdir(), 'hf-cache-'));
  });
  after(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli([...args, '--endpoint', fx.emulator.endpoint, '--data-dir', join(dir, 'data'), '--quiet'], env);

  test('download ORG/NAME writes the official cache, read offline by huggingface_hub', async (t) => {
    const emu = fx.emulator;
    const repo = emu.hub.specials.oddNames as string;
    const commit = emu.hub.currentSha(repo);
    const cache = join(dir, 'odd');
    const run = await cli([
      'download',
      repo,
      '--layout',
      'hf-cache',
      '--cache-dir',
      cache,
      '--max-workers',
      '3',
    ]);
    assert.equal(run.status, 0, run.stderr);
    const files = emu.hub.files(repo, commit);
    const blobs = assertCacheLayout(emu, cache, repo, commit);
    // two empty files (`__init__.py`, `empty/.keep`): one blob, two links
    assert.ok(blobs < files.length, `${blobs} blobs for ${files.length} files`);
    assert.equal(cacheRef(cache, repo, 'main'), commit);

    // a second run asks nothing of the resolver: the ledger and the links vouch for every file
    const resolves = emu.stats.byKind.resolve;
    assert.equal((await cli(['download', repo, '--layout', 'hf-cache', '--cache-dir', cache])).status, 0);
    assert.equal(emu.stats.byKind.resolve, resolves);
    // a link removed by hand comes back from its blob (re-hashed), still without a request
    await unlink(join(cacheFolder(cache, repo), 'snapshots', commit, 'a b', 'c d.json'));
    assert.equal((await cli(['download', repo, '--layout', 'hf-cache', '--cache-dir', cache])).status, 0);
    assert.equal(emu.stats.byKind.resolve, resolves);
    assertCacheLayout(emu, cache, repo, commit);

    if (python.skip !== null) return t.skip(python.skip);
    const read = readWithOfficialClient(python.python, cache, repo, null);
    assert.equal(read.folder, join(cacheFolder(cache, repo), 'snapshots', commit));
    assert.deepEqual(read.files, emulatorSha256s(emu, repo, commit));
  });

  test('--revision pins a commit once; a branch becomes refs/<branch>, a commit no ref; FILE... picks files', async (t) => {
    const emu = fx.emulator;
    const repo = emu.hub.specials.moved as string;
    const [first, second] = emu.hub
      .commits(repo)
      .slice(-2)
      .map((c) => c.sha) as [string, string];
    const cache = join(dir, 'moved');
    const old = await cli([
      'download',
      repo,
      '--revision',
      first,
      '--layout',
      'hf-cache',
      '--cache-dir',
      cache,
    ]);
    assert.equal(old.status, 0, old.stderr);
    assertCacheLayout(emu, cache, repo, first);
    assert.equal(cacheRef(cache, repo, 'main'), null, 'a commit names no branch');

    const path = emu.hub.files(repo, second).find((f) => f.lfs !== null)?.path as string;
    const env = { HF_HUB_CACHE: cache }; // the default cache dir, as huggingface_hub finds it
    const main = await cli(['download', repo, path, '--revision', 'main', '--layout', 'hf-cache'], env);
    assert.equal(main.status, 0, main.stderr);
    assertCacheLayout(emu, cache, repo, second, [path]);
    assert.equal(cacheRef(cache, repo, 'main'), second);
    // both snapshots are there, as huggingface_hub keeps every commit it fetched
    assertCacheLayout(emu, cache, repo, first);

    const missing = await cli(['download', repo, 'no/such/file', '--layout', 'hf-cache'], env);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no file "no\/such\/file"/);

    if (python.skip !== null) return t.skip(python.skip);
    assert.deepEqual(
      readWithOfficialClient(python.python, cache, repo, first).files,
      emulatorSha256s(emu, repo, first),
    );
  });

  test('datasets: /api/datasets and datasets/ resolve paths, datasets--ORG--NAME in the cache', async (t) => {
    const emu = fx.emulator;
    const [id] = emu.hub.typedRepos.datasets as [string];
    const key = `datasets/${id}`;
    const commit = emu.hub.currentSha(id);
    const cache = join(dir, 'datasets');
    const resolves = emu.stats.resolveCount(key);
    const run = await cli([
      'download',
      id,
      '--repo-type',
      'dataset',
      '--layout',
      'hf-cache',
      '--cache-dir',
      cache,
    ]);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(emu.stats.resolveCount(key) > resolves, 'files resolved under /datasets/');
    assertCacheLayout(emu, cache, key, commit);
    // the same name as a space is not a space on this Hub: the Hub's 404, not the dataset
    const space = await cli([
      'download',
      id,
      '--repo-type',
      'space',
      '--layout',
      'hf-cache',
      '--cache-dir',
      cache,
    ]);
    assert.notEqual(space.status, 0);

    if (python.skip !== null) return t.skip(python.skip);
    assert.deepEqual(
      readWithOfficialClient(python.python, cache, key, null).files,
      emulatorSha256s(emu, key, commit),
    );
  });

  test('a file cut off resumes from its partial file in blobs/, and nothing partial is left', async () => {
    const emu = fx.emulator;
    const repo = emu.hub.specials.oddNames as string;
    const commit = emu.hub.currentSha(repo);
    const path = 'weights/é model.safetensors';
    const size = emu.hub.files(repo, commit).find((f) => f.path === path)?.lfs?.size as number;
    const cache = join(dir, 'resume');
    const dataDir = join(dir, 'resume-data');
    const options = {
      dataDir,
      client: fx.client,
      layout: 'hf-cache' as const,
      cacheDir: cache,
      stallDelayMillis: 0,
    };
    const repos = [{ repoKey: repo }];
    // the CDN cuts the body after 1000 bytes, then refuses every request: the file fails with its bytes kept
    const ids = emu.faults.add(
      { kind: 'cdn', path, action: { type: 'reset', afterBytes: 1000 }, times: 1 },
      { kind: 'cdn', path, action: { type: 'status', status: 500 }, skip: 1 },
    );
    const first = await download({ ...options, repos });
    for (const id of ids) emu.faults.remove(id);
    assert.equal(first.repos.failed, 1);
    const blobs = join(cacheFolder(cache, repo), 'blobs');
    const partials = readdirSync(blobs).filter((n) => n.endsWith('.hftorrent.incomplete'));
    assert.equal(partials.length, 1, 'the partial file waits in blobs/ under our own name');
    assert.equal(statSync(join(blobs, partials[0] as string)).size, 1000);

    const before = emu.stats.contentBytesByFile()[`${repo}/${commit}/${path}`] ?? 0;
    const second = await download({ ...options, repos });
    assert.equal(second.repos.verified, 1);
    const served = (emu.stats.contentBytesByFile()[`${repo}/${commit}/${path}`] ?? 0) - before;
    assert.equal(served, size - 1000, 'only the missing bytes were fetched');
    assertCacheLayout(emu, cache, repo, commit); // and no partial file is left in blobs/
  });

  test('run --layout hf-cache: the export reads the model cards from the cache', async () => {
    const dataDir = join(dir, 'run');
    const cache = join(dir, 'run-cache');
    const run = await runCli([
      'run',
      '--top',
      '6',
      '--layout',
      'hf-cache',
      '--cache-dir',
      cache,
      '--endpoint',
      fx.emulator.endpoint,
      '--data-dir',
      dataDir,
      '--json',
    ]);
    assert.equal(run.status, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as {
      download: { repos: { verified: number } };
      export: { cardsRead: number };
    };
    assert.ok(summary.download.repos.verified >= 3);
    assert.equal(summary.export.cardsRead, summary.download.repos.verified, 'one card per verified repo');
    assert.equal(
      existsSync(join(reposRoot(dataDir), selectedRepos(dataDir)[0]?.id ?? '-')),
      false,
      'nothing in repos/',
    );
  });

  test('the dataset pipeline into the cache: every selected repo at its listed commit', async (t) => {
    const emu = fx.emulator;
    const dataDir = join(dir, 'pipeline');
    const cache = join(dir, 'pipeline-cache');
    await seedSelection(dataDir, fx.client, 8);
    const summary = await download({ dataDir, client: fx.client, layout: 'hf-cache', cacheDir: cache });
    const selected = selectedRepos(dataDir);
    const verified = selected.filter((r) => !summary.skipped.some((s) => s.repoId === r.id));
    assert.ok(verified.length >= 4, `${verified.length} verified`);
    assert.equal(summary.failed.length, 0);
    for (const r of verified) assertCacheLayout(emu, cache, r.id, r.sha);

    if (python.skip !== null) return t.skip(python.skip);
    for (const r of verified.slice(0, 3)) {
      assert.deepEqual(
        readWithOfficialClient(python.python, cache, r.id, r.sha).files,
        emulatorSha256s(emu, r.id, r.sha),
      );
    }
  });
});
