import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runCli } from '../helpers/run-cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

test('--version prints the package version and exits 0', async () => {
  const r = await runCli(['--version']);
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim(), pkg.version);
});

test('--help lists the global options and exits 0', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.status, 0);
  for (const opt of ['--data-dir', '--endpoint', '--token', '--json', '--quiet'])
    assert.match(r.stdout, new RegExp(opt));
});

test('an unknown flag is a one-line error naming it, exit 2', async () => {
  const r = await runCli(['--bogus-flag']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--bogus-flag/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('an unknown command is a one-line error, exit 2', async () => {
  const r = await runCli(['frobnicate']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /frobnicate/);
});

test('the published bin runs from the repository root', async () => {
  const binPath = pkg.bin.hftorrent;
  assert.ok(binPath);
  const { stdout } = await promisify(execFile)(process.execPath, [binPath, '--version']);
  assert.equal(stdout.trim(), pkg.version);
});

test('an unknown export format is a one-line usage error naming the formats, exit 2', async () => {
  const r = await runCli(['export', '--format', 'json,xml']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /"xml" is not one of json, ndjson, parquet/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('no command: the help on stderr and exit 2, without commander\'s "(outputHelp)" marker', async () => {
  const r = await runCli([]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^Usage: hftorrent /m);
  assert.doesNotMatch(r.stderr + r.stdout, /outputHelp/);
});

test('a mistyped command keeps the suggestion, on one line', async () => {
  const r = await runCli(['downlod']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, "hftorrent: unknown command 'downlod'; did you mean download?\n");
  const flag = await runCli(['download', '--dry-rn']);
  assert.match(flag.stderr, /unknown option '--dry-rn'; did you mean --dry-run\?/);
});

test("a command's help lists the global options too", async () => {
  for (const command of ['download', 'select', 'status']) {
    const r = await runCli([command, '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /Global Options:[\s\S]*--data-dir <dir>[\s\S]*--quiet/, command);
  }
});

test('`help download | head -1`: a reader that went away is no crash (EPIPE), exit 0', async () => {
  const cli = fileURLToPath(new URL('../helpers/cli-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'help', 'download'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The read end closes before the child has started: every write it makes meets a closed pipe.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.doesNotMatch(stderr, /EPIPE|Unhandled/);
  assert.equal(code, 0, stderr);
});
