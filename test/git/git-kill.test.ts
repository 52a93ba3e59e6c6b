/**
 * A git-mode run killed halfway (SIGKILL to the CLI and every git and git-lfs process it started) never leaves
 * anything that looks finished: the repo's final path stays empty, the ledger says `downloading`, and the next
 * run completes the clone (killed while fetching LFS objects) or redoes it (killed inside `git clone`).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { createLedger } from '../../src/catalog/ledger.js';
import { repoFolder, reposRoot, stagingFolder } from '../../src/download/index.js';
import { git, gitDownload, type GitFixture, lfsHeavyProfile, startGitFixture } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../helpers/cli-child.ts', import.meta.url));
const PROFILE = lfsHeavyProfile('git-kill', 2, 3);

/** `hftorrent download --method git --urls FILE` in its own process group (so that git dies with it). */
function startChild(f: GitFixture, urls: string): ChildProcess {
  return spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CLI,
      'download',
      '--method',
      'git',
      '--urls',
      urls,
      '--data-dir',
      f.dataDir,
      '--endpoint',
      f.emulator.endpoint,
      '--quiet',
    ],
    { cwd: ROOT, detached: true, stdio: 'ignore', env: { ...process.env, HF_TOKEN: '' } },
  );
}

/** Resolves once `condition` holds (polled; the test waits for a state, not for a time). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function killGroup(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-(child.pid as number), 'SIGKILL');
  await exited;
}

function ledgerRow(f: GitFixture, id: string) {
  const catalog = openCatalog(f.dataDir);
  try {
    return createLedger(catalog.db).getRepo(id);
  } finally {
    catalog.close();
  }
}

describe('a git-mode run killed halfway', () => {
  let f: GitFixture;
  let id: string;
  let urls: string;
  before(async () => {
    f = await startGitFixture({ specials: false, models: 3, sizes: PROFILE });
    id = f.emulator.hub.at(0).id;
    urls = join(f.dir, 'urls.txt');
    writeFileSync(urls, `${f.emulator.endpoint}/${id}\n`);
  });
  after(() => f.close());

  async function checkVerified(): Promise<void> {
    const folder = repoFolder(reposRoot(f.dataDir), id);
    assert.equal(await git(folder, ['rev-parse', 'HEAD']), f.emulator.hub.listedSha(id));
    assert.equal(await git(folder, ['status', '--porcelain']), '');
    assert.equal(ledgerRow(f, id)?.state, 'verified');
    assert.ok(!existsSync(stagingFolder(f.dataDir, id)), 'staging is gone');
  }

  test('killed inside git clone: nothing at the final path; the next run clones again and verifies', async () => {
    // hold git's upload-pack request, so that the kill lands in the middle of `git clone`
    const [hold] = f.emulator.faults.add({
      kind: 'git',
      repo: id,
      method: 'POST',
      action: { type: 'delay', headersMillis: 1500 },
      times: 1,
    });
    const child = startChild(f, urls);
    await until(() => f.emulator.faults.list().some((r) => r.id === hold && r.fired === 1));
    await killGroup(child);
    f.emulator.faults.clear();
    assert.ok(!existsSync(repoFolder(reposRoot(f.dataDir), id)), 'no half repo at the final path');
    assert.ok(
      !existsSync(join(stagingFolder(f.dataDir, id), 'git', 'cloned.json')),
      'the clone was not finished',
    );
    assert.equal(ledgerRow(f, id)?.state, 'downloading');
    assert.equal(ledgerRow(f, id)?.method, 'git');

    const summary = await gitDownload(f, { urlsFile: urls });
    assert.equal(summary.repos.verified, 1);
    await checkVerified();
  });

  test('killed while git-lfs fetches: nothing at the final path; the next run completes the clone it left', async () => {
    // a fresh start for this repo
    const row = ledgerRow(f, id);
    assert.equal(row?.state, 'verified');
    const second = f.emulator.hub.at(1).id;
    writeFileSync(urls, `${f.emulator.endpoint}/${second}\n`);
    // slow LFS bytes, so that the kill lands while objects are in flight
    f.emulator.faults.add({
      kind: 'cdn',
      repo: second,
      action: { type: 'delay', chunkMillis: 20, chunkBytes: 32 * 1024 },
    });
    const child = startChild(f, urls);
    await until(() => f.emulator.stats.cdnCount(second) >= 1);
    await killGroup(child);
    f.emulator.faults.clear();
    assert.ok(!existsSync(repoFolder(reposRoot(f.dataDir), second)), 'no half repo at the final path');
    assert.ok(
      existsSync(join(stagingFolder(f.dataDir, second), 'git', 'cloned.json')),
      'the clone itself finished',
    );
    assert.equal(ledgerRow(f, second)?.state, 'downloading');

    id = second;
    const gitRequests = f.emulator.stats.byKind.git;
    const summary = await gitDownload(f, { urlsFile: urls });
    assert.equal(summary.repos.verified, 1);
    assert.equal(f.emulator.stats.byKind.git, gitRequests, 'completed, not cloned again');
    await checkVerified();
  });

  test('a run stopped by its signal (Ctrl-C) stops git at once and leaves a clone the next run completes', async () => {
    const third = f.emulator.hub.at(2).id;
    writeFileSync(urls, `${f.emulator.endpoint}/${third}\n`);
    f.emulator.faults.add({
      kind: 'cdn',
      repo: third,
      action: { type: 'delay', chunkMillis: 20, chunkBytes: 32 * 1024 },
    });
    const controller = new AbortController();
    const stopped = gitDownload(f, { urlsFile: urls, signal: controller.signal });
    await until(() => f.emulator.stats.cdnCount(third) >= 1);
    controller.abort();
    await assert.rejects(stopped, { code: 'ABORTED' });
    f.emulator.faults.clear();
    assert.ok(!existsSync(repoFolder(reposRoot(f.dataDir), third)));
    assert.equal(ledgerRow(f, third)?.state, 'downloading');
    id = third;
    const summary = await gitDownload(f, { urlsFile: urls });
    assert.equal(summary.repos.verified, 1);
    await checkVerified();
  });
});
