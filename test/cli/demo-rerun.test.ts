/**
 * A data dir the demo made, after the demo ended: its emulated Hub is gone, so commands that would talk to it
 * say so at once (no minute of retries, no skip reason turned into network_error), and running the demo again
 * on it works and finds the same data.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';

const top = mkdtempSync(join(tmpdir(), 'hft-demo-rerun-'));
after(() => rmSync(top, { recursive: true, force: true }));
const dataDir = join(top, 'demo-data');

interface Summary {
  download: { repos: { verified: number; skipped: number }; bytes: { fetched: number } };
  skippedByReason?: Record<string, number>;
}

const demo = async (): Promise<Summary> => {
  const args = [
    'demo',
    '--models',
    '300',
    '--top',
    '30',
    '--format',
    'json',
    '--json',
    '--data-dir',
    dataDir,
  ];
  const r = await runCli(args);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Summary;
};

test('demo, then commands on its data: the emulator is not running, said at once; the demo again: same data', async () => {
  const first = await demo();
  assert.ok(
    first.download.repos.skipped > 0,
    'the demo Hub refuses a few repos (gated, disabled, not found)',
  );
  const statusBefore = await runCli(['status', '--json', '--data-dir', dataDir]);
  const reasons = (JSON.parse(statusBefore.stdout) as { download: { skippedByReason: object } }).download
    .skippedByReason;

  for (const args of [
    ['download', '--verify'],
    ['download', '--dry-run', '--retry-skipped'],
  ]) {
    const r = await runCli([...args, '--data-dir', dataDir]);
    assert.equal(r.status, 3, r.stderr);
    assert.match(
      r.stderr,
      /^hftorrent: DEMO_HUB_GONE: this data dir was made by `hftorrent demo`, and the demo's emulated Hub \(http:\/\/127\.0\.0\.1:\d+\) is not running/,
    );
    assert.equal(r.stderr.split('\n').length, 2, 'one line');
    assert.doesNotMatch(r.stderr, /retry/);
  }
  const statusAfter = await runCli(['status', '--json', '--data-dir', dataDir]);
  assert.equal(statusAfter.status, 0);
  assert.deepEqual(
    (JSON.parse(statusAfter.stdout) as { download: { skippedByReason: object } }).download.skippedByReason,
    reasons,
    'the Hub gave these reasons; nothing turned them into network_error',
  );

  const second = await demo();
  assert.equal(second.download.repos.verified, first.download.repos.verified);
  assert.equal(second.download.repos.skipped, first.download.repos.skipped);
  assert.equal(second.download.bytes.fetched, 0, 'the same seed: the same commits, nothing to fetch again');
});
