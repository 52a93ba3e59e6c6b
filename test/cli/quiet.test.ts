/** `--quiet` silences progress and summaries, never failures: failed repos and errors still reach stderr. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli, selectedDataDir } from '../helpers/run-cli.js';

let emulator: RunningEmulator;
let dataDir: string;

before(async () => {
  emulator = await startEmulator({ models: 12, seed: 4, specials: false });
  dataDir = mkdtempSync(join(tmpdir(), 'hft-quiet-'));
  await selectedDataDir(dataDir, emulator.endpoint, 4);
});
after(async () => {
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('download --quiet: nothing but the failed repos, on stderr; exit 1', async () => {
  // Every repo's config.json is refused: each repo fails (entry not found), whatever else it holds.
  emulator.faults.add({ kind: 'resolve', path: 'config.json', action: { type: 'status', status: 404 } });
  const r = await runCli(['download', '--quiet', '--data-dir', dataDir]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trim().split('\n');
  assert.ok(lines.length >= 1, r.stderr);
  for (const line of lines) assert.match(line, /^[\w.-]+\/[\w.-]+: failed \(\w+\)/);
});
