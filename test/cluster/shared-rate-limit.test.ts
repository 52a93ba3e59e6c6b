/**
 * Workers share their token's rate limit without talking to each other: the Hub counts per token, and every
 * answer's `RateLimit` header says what is left for everyone, so each worker's pacer (src/hub) follows the
 * others' use. Four workers against an emulator enforcing one quota for their token make no more 429s than one
 * worker doing the same selection. (The time they take against the quota-bound minimum is a bench case:
 * bench/cases/cluster-rate-limit.ts.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { crawlAndSelect, fingerprint } from '../helpers/cluster-fixture.js';
import { runCli } from '../helpers/run-cli.js';

const TOKEN = 'hf_shared_quota_token';
const TOP = 150;
let emulator: RunningEmulator;
let top: string;
let env: Record<string, string>;

before(async () => {
  emulator = await startEmulator({
    models: 200,
    seed: 'cluster-quota',
    tokens: { [TOKEN]: { user: 'tester' } },
    // one quota for the token: the download needs several windows of it, while the workers' first requests
    // together (four workers, a few in flight each) fit in one
    rateLimits: { api: { quota: 40, windowSeconds: 2 } },
  });
  env = { HF_ENDPOINT: emulator.endpoint, HF_TOKEN: TOKEN };
  top = mkdtempSync(join(tmpdir(), 'cluster-quota-'));
});
after(async () => {
  await emulator.close();
  rmSync(top, { recursive: true, force: true });
});

/** Plans `workers` workers over the selection in a fresh data dir, runs them at once; returns the 429s sent. */
async function clusterRun(
  name: string,
  workers: number,
): Promise<{ rateLimited: number; apiRequests: number; dataDir: string }> {
  const dataDir = join(top, name);
  await crawlAndSelect(dataDir, env, TOP);
  const plan = await runCli(['plan', '--workers', String(workers), '--data-dir', dataDir, '--quiet'], env);
  assert.equal(plan.status, 0, plan.stderr);
  const before = { limited: emulator.stats.rateLimited, api: apiRequests() };
  const runs = await Promise.all(
    Array.from({ length: workers }, (_, i) =>
      runCli(['download', '--worker', String(i), '--data-dir', dataDir, '--quiet'], env),
    ),
  );
  for (const r of runs) assert.equal(r.status, 0, r.stderr);
  assert.equal((await runCli(['merge', '--data-dir', dataDir, '--quiet'], env)).status, 0);
  return {
    rateLimited: emulator.stats.rateLimited - before.limited,
    apiRequests: apiRequests() - before.api,
    dataDir,
  };
}

function apiRequests(): number {
  const k = emulator.stats.byKind;
  return k.info + k.tree + k['paths-info'];
}

it('four workers sharing one quota make no more 429s than one worker', async () => {
  const one = await clusterRun('one', 1);
  const four = await clusterRun('four', 4);
  assert.ok(
    one.apiRequests > 24,
    `the run needs several windows of the quota (${one.apiRequests} API requests)`,
  );
  console.log(JSON.stringify({ one, four }));
  assert.equal(four.apiRequests, one.apiRequests, 'the same API work');
  assert.ok(
    four.rateLimited <= one.rateLimited,
    `429s: four workers ${four.rateLimited}, one worker ${one.rateLimited}`,
  );
  assert.deepEqual(fingerprint(four.dataDir).files, fingerprint(one.dataDir).files);
});
