/**
 * `hftorrent download ORG/NAME` as someone used to `hf download` types it: no crawl, no selection, plain
 * files with --local-dir, --max-workers, and urls files of bare `ORG/NAME[@REV]` lines.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { reposRoot } from '../../src/download/index.js';
import { runCli } from '../helpers/run-cli.js';
import { filesUnder, startFixture, type Fixture } from '../download/helpers/pipeline.js';

describe('download ORG/NAME', () => {
  let fx: Fixture;
  let dir: string;
  before(async () => {
    fx = await startFixture({ models: 20 });
    dir = await mkdtemp(join(tmpdir(), 'single-repo-'));
  });
  after(async () => {
    await fx.close();
    await rm(dir, { recursive: true, force: true });
  });
  const cli = (dataDir: string, args: string[]) =>
    runCli([...args, '--endpoint', fx.emulator.endpoint, '--data-dir', join(dir, dataDir), '--json']);

  test('with no catalog: the repo at main, verified, in the ledger of a catalog made for it', async () => {
    const emu = fx.emulator;
    const repo = [...emu.hub.models(10, 11)][0]?.id as string;
    const commit = emu.hub.currentSha(repo);
    const run = await cli('fresh', ['download', repo, '--max-workers', '2']);
    assert.equal(run.status, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { repos: { verified: number } };
    assert.equal(summary.repos.verified, 1);
    assert.match(run.stderr, /download: 1 repos, 2 files in flight/, '--max-workers is --concurrency');
    const folder = join(reposRoot(join(dir, 'fresh')), ...repo.split('/'));
    assert.deepEqual(
      filesUnder(folder),
      emu.hub
        .files(repo, commit)
        .map((f) => f.path)
        .sort(),
    );
    const catalog = openCatalog(join(dir, 'fresh'));
    try {
      const row = catalog.ledger.getRepo(repo);
      assert.equal(row?.state, 'verified');
      assert.equal(row?.commit, commit);
    } finally {
      catalog.close();
    }
  });

  test('--local-dir: the named files as plain files; a second run fetches nothing', async () => {
    const emu = fx.emulator;
    const repo = [...emu.hub.models(12, 13)][0]?.id as string;
    const commit = emu.hub.currentSha(repo);
    const [a, b] = emu.hub.files(repo, commit).map((f) => f.path) as [string, string];
    const local = join(dir, 'local');
    const run = await cli('local-data', ['download', repo, a, b, '--local-dir', local]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(
      filesUnder(local).filter((p) => !p.startsWith('.cache/')),
      [a, b].sort(),
    );
    for (const path of [a, b]) {
      assert.ok(readFileSync(join(local, path)).equals(emu.hub.readFile(repo, commit, path)), path);
    }
    const resolves = emu.stats.byKind.resolve;
    assert.equal((await cli('local-data', ['download', repo, a, b, '--local-dir', local])).status, 0);
    assert.equal(emu.stats.byKind.resolve, resolves);
  });

  test('--urls: bare ORG/NAME[@REV] lines, comments and blanks; a branch is resolved once', async () => {
    const emu = fx.emulator;
    const moved = emu.hub.specials.moved as string;
    const [first] = emu.hub
      .commits(moved)
      .slice(-2)
      .map((c) => c.sha) as [string];
    const plain = [...emu.hub.models(14, 15)][0]?.id as string;
    const file = join(dir, 'repos.txt');
    await writeFile(file, `# two repos\n\n${moved}@${first}\n${plain}@main  # a branch\n`);
    const run = await cli('urls', ['download', '--urls', file]);
    assert.equal(run.status, 0, run.stderr);
    const catalog = openCatalog(join(dir, 'urls'));
    try {
      assert.equal(catalog.ledger.getRepo(moved)?.commit, first);
      assert.equal(catalog.ledger.getRepo(plain)?.commit, emu.hub.currentSha(plain));
    } finally {
      catalog.close();
    }
    const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    const readme = join(reposRoot(join(dir, 'urls')), ...moved.split('/'), 'README.md');
    assert.equal(sha(readFileSync(readme)), sha(emu.hub.readFile(moved, first, 'README.md')));
  });

  test('bad combinations are one-line usage errors (exit 2), before any request', async () => {
    const repo = [...fx.emulator.hub.models(15, 16)][0]?.id as string;
    const requests = fx.emulator.stats.requests;
    const cases: Array<[string[], RegExp]> = [
      [['download', '--revision', 'main'], /--revision goes with a repo/],
      [['download', repo, '--urls', 'x.txt'], /a repo or --urls FILE, not both/],
      [['download', repo, '--concurrency', '4', '--max-workers', '2'], /--max-workers and --concurrency/],
      [['download', repo, '--cache-dir', dir], /--cache-dir goes with --layout hf-cache/],
      [['download', repo, '--local-dir', dir, '--layout', 'hf-cache'], /--local-dir is a layout of its own/],
      [['download', repo, '--layout', 'hf-cache', '--method', 'git', '--cache-dir', dir], /--method http/],
      [['download', 'a/b/c'], /invalid repo id/],
      [['download', repo, '--repo-type', 'kernel'], /--repo-type/],
    ];
    for (const [args, message] of cases) {
      const run = await cli('usage', args);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    }
    assert.equal(fx.emulator.stats.requests, requests);
    assert.equal(existsSync(join(dir, 'usage', 'huggingface', 'repos')), false);
  });
});
