/**
 * `status` only reads: it works on a data dir nobody may write to (an archived dataset, a read-only mount).
 * Root ignores file modes, so as root the status process runs as `nobody` (setpriv); without a way to drop
 * privileges the test skips, saying why.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { crawl } from '../../src/crawl/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { createHubClient } from '../../src/hub/index.js';
import { tempDataDir } from '../catalog/helpers.js';

const isRoot = process.getuid?.() === 0;
const setpriv = spawnSync('setpriv', ['--version']).status === 0;

function chmodTree(path: string, mode: (isDir: boolean) => number): void {
  const isDir = statSync(path).isDirectory();
  if (isDir) for (const name of readdirSync(path)) chmodTree(join(path, name), mode);
  chmodSync(path, mode(isDir));
}

test(
  'status on a read-only data dir reports the crawl',
  { skip: isRoot && !setpriv ? 'running as root without setpriv: file modes cannot be enforced' : false },
  async (t) => {
    const emu = await startEmulator({ models: 30, seed: 'status-readonly' });
    t.after(() => emu.close());
    const client = createHubClient({ endpoint: emu.endpoint });
    t.after(() => client.close());
    const dataDir = tempDataDir(t);
    await crawl({ dataDir, client, pageSize: 10 });
    chmodTree(dataDir, (isDir) => (isDir ? 0o555 : 0o444));
    // Writable again for the clean-up (which may already have run: root removes it regardless).
    t.after(() => {
      if (existsSync(dataDir)) chmodTree(dataDir, (isDir) => (isDir ? 0o755 : 0o644));
    });

    const cli = ['--import', 'tsx', join(import.meta.dirname, '../helpers/cli-child.ts')];
    const args = [...cli, 'status', '--json', '--data-dir', dataDir];
    const result = isRoot
      ? spawnSync(
          'setpriv',
          ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args],
          {
            encoding: 'utf8',
          },
        )
      : spawnSync(process.execPath, args, { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { crawl: { status: string; models: number } };
    assert.deepEqual([report.crawl.status, report.crawl.models], ['finished', 30]);
  },
);
