/**
 * The official Python client (huggingface_hub: `hf download`, `snapshot_download`) against the emulator, next
 * to the JS client's tests. It compares hosts: the 302 of an LFS file goes to the CDN on another loopback
 * host, so it stops there and reads `X-Repo-Commit`, `X-Linked-Etag` and `X-Linked-Size` from the redirect,
 * as it does on the Hub. What it writes must pass our own checks of the cache layout (the same rules our
 * hf-cache layout follows). Skips with a message without the project's venv.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import {
  assertCacheLayout,
  cacheRef,
  emulatorSha256s,
  readWithOfficialClient,
} from '../download/helpers/hf-cache.js';
import { findPython, runPythonAsync } from '../helpers/python.js';
import { runCli } from '../helpers/run-cli.js';

const python = findPython(['huggingface_hub']);

/** Every entry under a cache: its path, its kind, a link's target, a file's sha256 (CACHEDIR.TAG's text aside). */
function cacheEntries(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const rel = relative(root, path);
      const stats = lstatSync(path);
      if (stats.isDirectory()) {
        out.push(`${rel}/`);
        walk(path);
      } else if (stats.isSymbolicLink()) out.push(`${rel} -> ${readlinkSync(path)}`);
      else if (name === 'CACHEDIR.TAG') out.push(rel);
      else out.push(`${rel} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    }
  };
  walk(root);
  return out.sort();
}

describe('huggingface_hub (Python) against the emulator', { skip: python.skip ?? false }, () => {
  let emu: RunningEmulator;
  let dir: string;
  before(async () => {
    emu = await startEmulator({
      models: 40,
      seed: 'python-conformance',
      tokens: { hf_approved: { user: 'approved', gatedAccess: true } },
    });
    dir = await mkdtemp(join(tmpdir(), 'hf-python-'));
  });
  after(async () => {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  });
  const env = (): Record<string, string> => ({
    HF_ENDPOINT: emu.endpoint,
    HF_HUB_DISABLE_TELEMETRY: '1',
    HF_HUB_DISABLE_PROGRESS_BARS: '1',
    HF_HOME: join(dir, 'home'), // no token or cache of the machine's user
  });
  // the `hf` command line itself (its console script calls this main)
  const hf = (args: string[]) =>
    runPythonAsync(
      python.python as string,
      'import sys; from huggingface_hub.cli.hf import main; sys.argv[0] = "hf"; sys.exit(main())',
      args,
      env(),
    );

  test('the CDN is on another host than the API', () => {
    assert.notEqual(new URL(emu.cdnEndpoint).hostname, new URL(emu.endpoint).hostname);
  });

  test('hf download: every file of a repo, LFS bytes from the CDN, the cache laid out as we lay it out', async () => {
    const repo = emu.hub.specials.oddNames as string;
    const commit = emu.hub.currentSha(repo);
    const cache = join(dir, 'hf-download');
    const cdn = emu.stats.byKind.cdn;
    const run = await hf(['download', repo, '--cache-dir', cache]);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(emu.stats.byKind.cdn > cdn, 'LFS bytes came from the CDN');
    assert.equal(emu.stats.cdnWithAuthorization, 0);
    assertCacheLayout(emu, cache, repo, commit);
    assert.equal(cacheRef(cache, repo, 'main'), commit);
    // ours writes the same cache, entry for entry and byte for byte (huggingface_hub's .locks aside)
    const ours = join(dir, 'ours');
    const mine = await runCli([
      'download',
      repo,
      '--layout',
      'hf-cache',
      '--cache-dir',
      ours,
      '--endpoint',
      emu.endpoint,
      '--data-dir',
      join(dir, 'data'),
      '--quiet',
    ]);
    assert.equal(mine.status, 0, mine.stderr);
    const theirs = cacheEntries(cache).filter((e) => !e.startsWith('.locks'));
    assert.deepEqual(cacheEntries(ours), theirs);
    const tree = join('models--' + repo.replace('/', '--'), 'trees', `${commit}.json`);
    assert.equal(readFileSync(join(ours, tree), 'utf8'), readFileSync(join(cache, tree), 'utf8'));
    // and read back offline, as our own cache is read in test/download/hf-cache.test.ts
    assert.deepEqual(
      readWithOfficialClient(python.python as string, cache, repo, null).files,
      emulatorSha256s(emu, repo, commit),
    );
  });

  test('snapshot_download: patterns, an older commit, a dataset, a gated repo with a token', async () => {
    const cache = join(dir, 'snapshot');
    const moved = emu.hub.specials.moved as string;
    const [first] = emu.hub
      .commits(moved)
      .slice(-2)
      .map((c) => c.sha) as [string];
    const [dataset] = emu.hub.typedRepos.datasets as [string];
    const gated = emu.hub.specials.gatedAuto as string;
    const script = `
import json, sys
from huggingface_hub import snapshot_download
cache, moved, first, dataset, gated = sys.argv[1:6]
out = {
  "moved": snapshot_download(moved, revision=first, cache_dir=cache, allow_patterns=["*.json", "*.md"]),
  "dataset": snapshot_download(dataset, repo_type="dataset", cache_dir=cache),
  "gated": snapshot_download(gated, cache_dir=cache, token="hf_approved"),
}
print(json.dumps(out))`;
    const run = await runPythonAsync(
      python.python as string,
      script,
      [cache, moved, first, dataset, gated],
      env(),
    );
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as Record<string, string>;
    assert.match(out.moved ?? '', new RegExp(`snapshots/${first}$`));
    const picked = emu.hub
      .files(moved, first)
      .map((f) => f.path)
      .filter((p) => /\.(json|md)$/.test(p));
    assertCacheLayout(emu, cache, moved, first, picked);
    assertCacheLayout(emu, cache, `datasets/${dataset}`, emu.hub.currentSha(dataset));
    assertCacheLayout(emu, cache, gated, emu.hub.currentSha(gated));
  });
});
