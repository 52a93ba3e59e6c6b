/**
 * Bounds on what users type: a concurrency that would exhaust the heap, a urls file with a 50 MB line, and
 * `--urls /dev/zero` each end in a clear one-line error (exit 2) instead of a crash or a hang.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDataDir } from '../catalog/helpers.js';
import { runCli } from '../helpers/run-cli.js';

const ENDPOINT = 'http://127.0.0.1:9';

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line: ${stderr.slice(0, 300)}`);
  return lines[0] ?? '';
}

test('download --concurrency 20000000 is refused with the bound', async (t) => {
  const dataDir = tempDataDir(t);
  const result = await runCli([
    'download',
    '--concurrency',
    '20000000',
    '--data-dir',
    dataDir,
    '--endpoint',
    ENDPOINT,
  ]);
  assert.equal(result.status, 2);
  assert.match(oneLine(result.stderr), /--concurrency: must be an integer from 1 to 256, got 20000000/);
});

test('a urls file with a 50 MB line: a one-line error showing only the start of the line', async (t) => {
  const dataDir = tempDataDir(t);
  const file = join(dataDir, 'urls.txt');
  writeFileSync(file, `${ENDPOINT}/org/ok\n${ENDPOINT}/${'x'.repeat(50 * 1024 * 1024)}\n`);
  const result = await runCli(['download', '--urls', file, '--data-dir', dataDir, '--endpoint', ENDPOINT]);
  assert.equal(result.status, 2);
  const line = oneLine(result.stderr);
  assert.match(line, /urls\.txt line 2: longer than 4096 bytes/);
  assert.ok(line.length < 400, `the error is short (${line.length} characters)`);
});

test('a bad but short line is shown cut to 120 characters', async (t) => {
  const dataDir = tempDataDir(t);
  const file = join(dataDir, 'urls.txt');
  writeFileSync(file, `${ENDPOINT}/org/${'y'.repeat(3000)} trailing\n`);
  const result = await runCli(['download', '--urls', file, '--data-dir', dataDir, '--endpoint', ENDPOINT]);
  assert.equal(result.status, 2);
  const line = oneLine(result.stderr);
  assert.match(line, /line 1: one URL a line: "http:\/\/127\.0\.0\.1:9\/org\/y+\.\.\."/);
  assert.ok(line.length < 300, `the error is short (${line.length} characters)`);
});

test(
  '--urls /dev/zero ends at the line limit instead of growing without bound',
  { skip: !existsSync('/dev/zero') },
  async (t) => {
    const dataDir = tempDataDir(t);
    const result = await runCli([
      'download',
      '--urls',
      '/dev/zero',
      '--data-dir',
      dataDir,
      '--endpoint',
      ENDPOINT,
    ]);
    assert.equal(result.status, 2);
    assert.match(oneLine(result.stderr), /zero line 1: longer than 4096 bytes/);
  },
);
