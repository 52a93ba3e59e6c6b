/**
 * The token in git mode reaches the Hub (gated repos clone, git-lfs authenticates) and nothing else: not the
 * argument vector of any git or git-lfs process (recorded by wrappers first in PATH), not `.git/config` or the
 * remote URL, not a file anywhere in the data dir (logs and catalog included), not the events or summary.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoFolder, reposRoot, type DownloadEvent, type DownloadSummary } from '../../src/download/index.js';
import {
  argvRecorder,
  git,
  gitDownload,
  seedSelection,
  startGitFixture,
  TOKEN,
  type GitFixture,
} from './helpers.js';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

describe('token hygiene in git mode', () => {
  let f: GitFixture;
  let recorder: ReturnType<typeof argvRecorder>;
  let summary: DownloadSummary;
  const events: DownloadEvent[] = [];
  before(async () => {
    f = await startGitFixture({ models: 6, tokens: { [TOKEN]: { user: 'researcher', gatedAccess: true } } });
    await seedSelection(f.dataDir, f.emulator, 6);
    recorder = argvRecorder(f.dir);
    summary = await gitDownload(f, {
      token: TOKEN,
      clientToken: TOKEN,
      environment: { PATH: `${recorder.path}:${process.env.PATH ?? ''}` },
      onEvent: (e) => events.push(e),
    });
  });
  after(() => f.close());

  test('gated repos clone with the token (git and git-lfs both ask the credential helper)', async () => {
    assert.equal(summary.repos.failed, 0, JSON.stringify(summary));
    assert.equal(summary.skippedByReason.gated, undefined);
    assert.equal(summary.repos.verified, 6, JSON.stringify(summary));
    for (const id of [f.emulator.hub.specials.gatedAuto, f.emulator.hub.specials.gatedManual] as string[]) {
      const folder = repoFolder(reposRoot(f.dataDir), id);
      assert.equal(await git(folder, ['rev-parse', 'HEAD']), f.emulator.hub.listedSha(id));
      assert.equal(await git(folder, ['status', '--porcelain']), '');
    }
  });

  test('no git or git-lfs process got the token in its arguments', () => {
    const records = recorder.records();
    assert.ok(
      records.some((argv) => argv[0] === 'git' && argv.includes('clone')),
      'git clone was recorded',
    );
    assert.ok(
      records.some((argv) => argv[0] === 'git-lfs'),
      'git-lfs was recorded',
    );
    for (const argv of records) assert.ok(!argv.join(' ').includes(TOKEN), argv.join(' '));
    // git always ran with an argument vector: no `sh -c` of ours
    assert.ok(records.every((argv) => argv[0] === 'git' || argv[0] === 'git-lfs'));
  });

  test('no file in the data dir holds the token; remotes carry no credentials', async () => {
    const files = filesUnder(f.dataDir);
    assert.ok(files.some((p) => p.endsWith(join('.git', 'config'))));
    for (const path of files) {
      if (statSync(path).size > 64 * 1024 * 1024) continue;
      assert.ok(!readFileSync(path).includes(TOKEN), `${path} holds the token`);
    }
    const folder = repoFolder(reposRoot(f.dataDir), f.emulator.hub.specials.gatedManual as string);
    const remote = await git(folder, ['remote', 'get-url', 'origin']);
    assert.equal(remote, `${f.emulator.endpoint}/${f.emulator.hub.specials.gatedManual as string}`);
  });

  test('neither the events nor the summary mention the token', () => {
    assert.ok(!JSON.stringify(events).includes(TOKEN));
    assert.ok(!JSON.stringify(summary).includes(TOKEN));
  });
});
