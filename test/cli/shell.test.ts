import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
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
