import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { GitSession } from '../../src/download/git/git-session.js';

/** A pid that was just used and is gone. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString('utf8'));
}

test('a git session removes the private HOMEs of killed runs and keeps those of live ones', async () => {
  const root = mkdtempSync(join(tmpdir(), 'hft-git-home-'));
  try {
    const dead = `hftorrent-git-${deadPid()}-AbC123`;
    mkdirSync(join(root, dead, '.config'), { recursive: true });
    writeFileSync(join(root, dead, '.gitconfig'), '[user]\n');
    const live = `hftorrent-git-${process.pid}-live01`;
    mkdirSync(join(root, live));
    mkdirSync(join(root, 'hftorrent-git-notapid'));
    writeFileSync(join(root, 'hftorrent-git-1-file'), 'a file, not a HOME');

    const session = await GitSession.open({ endpoint: 'http://127.0.0.1:9', inherited: {}, tempRoot: root });
    const names = readdirSync(root);
    assert.ok(!names.includes(dead), 'the dead run HOME is gone');
    for (const kept of [live, 'hftorrent-git-notapid', 'hftorrent-git-1-file'])
      assert.ok(names.includes(kept), kept);
    assert.match(session.home, new RegExp(`hftorrent-git-${process.pid}-`));
    assert.ok(names.some((n) => join(root, n) === session.home));

    await session.close();
    assert.ok(!readdirSync(root).some((n) => join(root, n) === session.home), 'close removes its own HOME');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
