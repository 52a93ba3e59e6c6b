/**
 * split_urls after a kill: the old set or the new one, never a mix. A select killed while writing (here:
 * the process dies in the middle of a shard, SIGKILL) leaves the old files in place; one killed between the
 * two renames of the swap is put right by the next select. And --shards is bounded.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { splitUrlsDir } from '../../src/catalog/index.js';
import { ConfigError } from '../../src/errors.js';
import { select } from '../../src/select/index.js';
import { recoverSplitUrls } from '../../src/select/write-split-urls.js';
import { listed, seedFinishedCrawl, tempDataDir } from '../catalog/helpers.js';
import { runCli } from '../helpers/run-cli.js';

function shardSet(dataDir: string): Record<string, string> {
  const dir = splitUrlsDir(dataDir);
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

function seed(dataDir: string): void {
  seedFinishedCrawl(
    dataDir,
    Array.from({ length: 40 }, (_, i) => listed(`o/m${i}`, { downloads: 1000 - i })),
  );
}

test('a select that dies in the middle of writing its shards leaves the previous set whole', async (t) => {
  const dataDir = tempDataDir(t);
  seed(dataDir);
  await select({ dataDir, top: 10, shards: 5, endpoint: 'https://hub.example' });
  const before = shardSet(dataDir);
  // A child that selects another set and is SIGKILLed by itself as it opens its third shard file.
  const script = `
    import fsp from 'node:fs/promises';
    import { syncBuiltinESMExports } from 'node:module';
    let files = 0;
    const open = fsp.open;
    fsp.open = async (...args) => {
      if (String(args[0]).includes('split_url_') && ++files === 3) process.kill(process.pid, 'SIGKILL');
      return open(...args);
    };
    syncBuiltinESMExports();
    const { select } = await import(${JSON.stringify(join(import.meta.dirname, '../../src/select/index.ts'))});
    await select({ dataDir: ${JSON.stringify(dataDir)}, top: 30, shards: 6, endpoint: 'https://hub.example' });
  `;
  const code = await new Promise<string | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: 'ignore',
    });
    child.on('exit', (_code, signal) => resolve(signal));
  });
  assert.equal(code, 'SIGKILL', 'the child died mid-write');
  assert.deepEqual(shardSet(dataDir), before, 'split_urls holds exactly the old set');
});

test('killed between the two renames of the swap: the next select (or recovery) restores a whole set', async (t) => {
  const dataDir = tempDataDir(t);
  seed(dataDir);
  await select({ dataDir, top: 10, shards: 5, endpoint: 'https://hub.example' });
  const before = shardSet(dataDir);
  const dir = splitUrlsDir(dataDir);
  // The first rename happened, the second did not.
  renameSync(dir, `${dir}.old`);
  await recoverSplitUrls(dir);
  assert.deepEqual(shardSet(dataDir), before);
  assert.equal(existsSync(`${dir}.old`), false);
  const after = await select({ dataDir, top: 12, shards: 3, endpoint: 'https://hub.example' });
  assert.equal(after.files.length, 3);
  assert.deepEqual(Object.keys(shardSet(dataDir)).sort(), [
    'split_url_0.txt',
    'split_url_1.txt',
    'split_url_2.txt',
  ]);
});

test('--shards is bounded: 100000 is refused with a clear message; K never exceeds the selection', async (t) => {
  const dataDir = tempDataDir(t);
  seed(dataDir);
  await assert.rejects(select({ dataDir, top: 5, shards: 100_000 }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /shards: must be an integer from 1 to 10000, got 100000/);
    return true;
  });
  const cli = await runCli(['select', '--top', '5', '--shards', '100000', '--data-dir', dataDir]);
  assert.equal(cli.status, 2);
  assert.match(cli.stderr, /from 1 to 10000/);
  const summary = await select({ dataDir, top: 5, shards: 10_000 });
  assert.equal(summary.selection.shards, 5);
  assert.equal(readdirSync(splitUrlsDir(dataDir)).length, 5, 'five files for five models');
});
