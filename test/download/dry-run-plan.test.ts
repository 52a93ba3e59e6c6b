/**
 * `download --dry-run` counts what a real run does: repos the listing says are gated are skipped as the Hub
 * would skip them without a token (and marked in the plan with one), its hint names where every repo is
 * listed, and it prints no warning.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DownloadSummary } from '../../src/download/index.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli, selectedDataDir } from '../helpers/run-cli.js';

const TOP = 120;
let emulator: RunningEmulator;
let top: string;
let gatedInSelection: number;
const warnings: Error[] = [];
const onWarning = (warning: Error): void => void warnings.push(warning);

before(async () => {
  emulator = await startEmulator({
    models: 300,
    seed: 1,
    sizes: 'tiny',
    tokens: { hf_granted: { user: 'granted', gatedAccess: true } },
  });
  top = mkdtempSync(join(tmpdir(), 'hft-dry-run-'));
  // the emulator lists in rank order (downloads, then id): the selection is its first TOP models
  gatedInSelection = [...emulator.hub.models()].slice(0, TOP).filter((m) => m.gated !== false).length;
  process.on('warning', onWarning);
});
after(async () => {
  process.off('warning', onWarning);
  await emulator.close();
  rmSync(top, { recursive: true, force: true });
});

const prepared = (name: string): Promise<string> => selectedDataDir(join(top, name), emulator.endpoint, TOP);

const summaryOf = async (args: string[], env: Record<string, string> = {}): Promise<DownloadSummary> => {
  const r = await runCli([...args, '--json'], env);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as DownloadSummary;
};

test("without a token: the gated repos the catalog knows are skipped, and the totals are the real run's", async () => {
  assert.ok(gatedInSelection > 0, 'the selection holds gated repos');
  const dataDir = await prepared('anonymous');
  const dry = await summaryOf(['download', '--dry-run', '--data-dir', dataDir]);
  assert.equal(dry.skippedByReason.gated, gatedInSelection);
  assert.ok(
    !dry.plan?.some((p) => dry.skipped.some((s) => s.repoId === p.repoId)),
    'a skipped repo is not planned',
  );
  const real = await summaryOf(['download', '--data-dir', dataDir]);
  assert.deepEqual(real.skippedByReason, dry.skippedByReason);
  // what the plan holds is what the real run verified, to the file and the byte
  assert.equal(real.repos.failed, 0);
  assert.equal(real.files.verified, dry.files.total);
  assert.equal(real.bytes.verified, dry.bytes.total);
  assert.equal(real.repos.verified, dry.plan?.length);
  assert.deepEqual(warnings.map(String), [], 'no warning (MaxListenersExceededWarning)');
});

test('with a token: the gated repos stay in the plan, marked, and counted apart', async () => {
  const dataDir = await prepared('token');
  const env = { HF_TOKEN: 'hf_granted' };
  const dry = await summaryOf(['download', '--dry-run', '--data-dir', dataDir], env);
  assert.equal(dry.skippedByReason.gated, undefined);
  const gated = dry.plan?.filter((p) => p.gated === true) ?? [];
  assert.equal(gated.length, gatedInSelection);
  assert.deepEqual(dry.gatedInPlan, { repos: gated.length, bytes: gated.reduce((n, p) => n + p.bytes, 0) });
  const human = await runCli(['download', '--dry-run', '--data-dir', dataDir], env);
  assert.match(human.stdout, /^ {2}\S+@\w{10}: .* \[gated\]$/m);
  assert.match(
    human.stdout,
    new RegExp(`gated: ${gatedInSelection} of them .*, fetched only if the token has access`),
  );
  assert.deepEqual(warnings.map(String), []);
});

test("the dry run's hint names the command that lists every repo, and that listing has them", async () => {
  const dataDir = await prepared('hint');
  const human = await runCli(['download', '--dry-run', '--max-bytes', '1', '--data-dir', dataDir]);
  assert.match(
    human.stdout,
    /\.\.\. and \d+ more \(all of them: `hftorrent download --dry-run --json`: \.skipped, \.failed\)/,
  );
  assert.doesNotMatch(human.stdout, /status --json/);
  const dry = await summaryOf(['download', '--dry-run', '--max-bytes', '1', '--data-dir', dataDir]);
  assert.equal(dry.skipped.length, dry.repos.skipped);
  assert.ok(dry.repos.skipped > 10);
});
