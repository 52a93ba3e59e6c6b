/**
 * A command whose earlier stage has not run in the data dir (a mistyped --data-dir, most often) says which
 * data dir lacks what, creates nothing there, and exits 4, the same code for every command.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/run-cli.js';

const STAGE_NOT_RUN = 4;
let emulator: RunningEmulator;
let top: string;

before(async () => {
  emulator = await startEmulator({ models: 6, seed: 2, specials: false });
  top = mkdtempSync(join(tmpdir(), 'hft-stage-'));
});
after(async () => {
  await emulator.close();
  rmSync(top, { recursive: true, force: true });
});

test('no catalog: select, download, export, status, report name the data dir, exit 4, create nothing', async () => {
  const typo = join(top, 'dta');
  for (const command of [
    ['select'],
    ['download'],
    ['download', '--dry-run'],
    ['export'],
    ['status'],
    ['report'],
  ]) {
    const r = await runCli([...command, '--data-dir', typo], { HF_ENDPOINT: emulator.endpoint });
    assert.equal(r.status, STAGE_NOT_RUN, `${command.join(' ')}: ${r.stderr}`);
    assert.equal(
      r.stderr,
      `hftorrent: STAGE_NOT_RUN: no catalog in ${join(typo, 'huggingface')}: run \`hftorrent crawl\` ` +
        '(or `hftorrent run`) there first, or check --data-dir\n',
    );
    assert.equal(existsSync(typo), false, `${command.join(' ')} created the data dir`);
  }
});

test('a catalog without a crawl or a selection: the same exit code, naming the missing stage', async () => {
  const dataDir = join(top, 'urls-only');
  const urls = join(top, 'urls.txt');
  const [first] = emulator.hub.models();
  assert.ok(first !== undefined);
  writeFileSync(urls, `${emulator.endpoint}/${first.id}\n`);
  // `download --urls` needs no catalog and makes one for its ledger: no crawl, no selection in it
  const made = await runCli(['download', '--urls', urls, '-q', '--data-dir', dataDir], {
    HF_ENDPOINT: emulator.endpoint,
  });
  assert.equal(made.status, 0, made.stderr);
  for (const [command, missing] of [
    ['select', /nothing to select from: the catalog has no crawl yet; run `hftorrent crawl` first/],
    ['download', /no selection in the catalog: run `hftorrent select` first/],
    ['export', /nothing to export: no crawl has finished yet/],
  ] as const) {
    const r = await runCli([command, '--data-dir', dataDir], { HF_ENDPOINT: emulator.endpoint });
    assert.equal(r.status, STAGE_NOT_RUN, `${command}: ${r.stderr}`);
    assert.match(r.stderr, missing);
  }
});

test('--data-dir under /proc: a one-line error at once, not a spin (Node 20 recursive mkdir)', async (t) => {
  if (!existsSync('/proc/self')) return t.skip('no /proc on this system');
  const cli = fileURLToPath(new URL('../helpers/cli-child.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', cli, 'crawl', '--data-dir', '/proc/nope/data', '--endpoint', emulator.endpoint],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // Not a timed assertion: a guard, so that a regression fails this test instead of hanging the suite (the
  // spinning process ignores SIGTERM).
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(guard);
  assert.equal(signal, null, 'the process had to be killed');
  assert.equal(code, 3, stderr);
  assert.match(
    stderr,
    /^hftorrent: DATA_DIR: the data dir is not writable: \/proc\/nope\/data\/huggingface \(ENOENT/,
  );
});
