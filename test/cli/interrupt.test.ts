/**
 * Ctrl-C during a download: exit 130 (143 for SIGTERM), the half-drawn progress block erased, and the summary
 * of what was done until then. The CDN is slowed down so that the run is surely still going when it is stopped.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { selectedDataDir } from '../helpers/run-cli.js';

let emulator: RunningEmulator;
let dataDir: string;

before(async () => {
  emulator = await startEmulator({
    models: 30,
    seed: 3,
    sizes: 'small',
    cdnConnectionBytesPerSecond: 20_000,
  });
  dataDir = mkdtempSync(join(tmpdir(), 'hft-interrupt-'));
  await selectedDataDir(dataDir, emulator.endpoint, 20);
});
after(async () => {
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('Ctrl-C on a terminal: the progress block is erased, the summary so far follows, exit 130', async () => {
  const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
  const stdout = new PassThrough();
  let text = '';
  const controller = new AbortController();
  stderr.on('data', (c: Buffer) => {
    text += c.toString();
    // The first progress block drawn: now the user presses Ctrl-C.
    if (/ETA .* in flight/.test(text) && !controller.signal.aborted) {
      controller.abort(new DOMException('SIGINT', 'AbortError'));
    }
  });
  stdout.resume();
  const status = await main(['download', '--concurrency', '2', '--data-dir', dataDir], {
    stdout,
    stderr,
    env: {},
    signal: controller.signal,
  });
  assert.equal(status, 130, text);
  // The last block drawn is erased (back to the start of its first line, clear to the end of the screen) before
  // the summary: nothing of it is left half-drawn.
  const lastDraw = text.lastIndexOf('\r');
  // eslint-disable-next-line no-control-regex -- the terminal's escape sequences are what is tested
  assert.match(text.slice(lastDraw), /^\r(\x1b\[\d+A)?\x1b\[Jinterrupted: download: \d+ verified/);
  assert.match(text.slice(0, lastDraw), /ETA [^\n]* in flight/);
  assert.match(text, /hftorrent: interrupted; what was done is kept/);
  assert.doesNotMatch(text, /ABORTED/);
});

test('SIGINT to the process: exit 130 and the summary on stderr; SIGTERM: 143', async () => {
  const cli = fileURLToPath(new URL('../helpers/cli-child.ts', import.meta.url));
  for (const [signal, expected] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, 'download', '--concurrency', '2', '--data-dir', dataDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (/ETA .* in flight/.test(stderr) && child.exitCode === null && !child.killed) child.kill(signal);
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, expected, stderr);
    assert.match(stderr, /interrupted: download: \d+ verified, \d+ skipped, \d+ failed of 20 repos/);
  }
});
