/**
 * A cluster run on one machine: `plan` splits the selection, the workers run at once on the shared data dir
 * (each with its own ledger), `status` reads their ledgers live, and after `merge` the data dir equals the one
 * a single machine makes from the same selection: the same files, the same ledger states.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Plan } from '../../src/cluster/index.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import {
  crawlAndSelect,
  fingerprint,
  singleMachineRun,
  type Fingerprint,
} from '../helpers/cluster-fixture.js';
import { runCli } from '../helpers/run-cli.js';

const TOKEN = 'hf_cluster_token';
const TOP = 30;
let emulator: RunningEmulator;
let top: string;
let env: Record<string, string>;
let reference: Fingerprint;
let dataDir: string;
let plan: Plan;

before(async () => {
  emulator = await startEmulator({
    models: 60,
    seed: 'cluster-run',
    tokens: { [TOKEN]: { user: 'tester' } },
  });
  env = { HF_ENDPOINT: emulator.endpoint, HF_TOKEN: TOKEN };
  top = mkdtempSync(join(tmpdir(), 'cluster-run-'));
  reference = await singleMachineRun(join(top, 'single'), env, TOP);
  dataDir = join(top, 'cluster');
  await crawlAndSelect(dataDir, env, TOP);
});
after(async () => {
  await emulator.close();
  rmSync(top, { recursive: true, force: true });
});

describe('plan, workers at once, merge', () => {
  it('plans disjoint lists that cover the selection, each in rank order', async () => {
    const r = await runCli(['plan', '--workers', '3', '--data-dir', dataDir, '--json'], env);
    assert.equal(r.status, 0, r.stderr);
    plan = JSON.parse(r.stdout) as Plan;
    assert.equal(plan.workerCount, 3);
    assert.equal(plan.workers.length, 3);
    const ids = plan.workers.flatMap((w) => w.repos.map((x) => x.id));
    assert.equal(new Set(ids).size, TOP, 'disjoint');
    assert.deepEqual(
      [...ids].sort(),
      reference.ledger.map((l) => l.split(' ')[1]).sort(),
      'the whole selection',
    );
    for (const w of plan.workers) {
      const ranks = w.repos.map((x) => x.rank);
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => a - b),
        `worker ${w.index} in rank order`,
      );
      assert.equal(
        w.bytes,
        w.repos.reduce((s, x) => s + x.bytes, 0),
      );
      assert.match(w.command, new RegExp(`download --worker ${w.index} --data-dir `));
    }
    assert.deepEqual(JSON.parse(readFileSync(join(dataDir, 'huggingface/plan/plan.json'), 'utf8')), plan);
  });

  it('runs the workers at once, each writing only its own ledger; the catalog is not touched', async () => {
    const before = fingerprint(dataDir);
    const runs = await Promise.all(
      plan.workers.map((w) =>
        runCli(['download', '--worker', String(w.index), '--data-dir', dataDir, '--quiet'], env),
      ),
    );
    for (const r of runs) assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(fingerprint(dataDir).ledger, before.ledger, 'no worker wrote the catalog');
  });

  it('status reads the workers’ ledgers before any merge', async () => {
    const r = await runCli(['status', '--data-dir', dataDir, '--json'], env);
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout) as {
      cluster: {
        workers: Array<{ state: string; repos: { total: number; todo: number }; merged: boolean }>;
        total: { done: number; repos: { verified: number } };
      };
    };
    assert.equal(s.cluster.workers.length, 3);
    for (const w of s.cluster.workers) {
      assert.equal(w.state, 'done');
      assert.equal(w.repos.todo, 0);
      assert.equal(w.merged, false);
    }
    const verified = reference.ledger.filter((l) => l.split(' ')[3] === 'verified').length;
    assert.equal(s.cluster.total.repos.verified, verified);
  });

  it('after merge, the data dir equals a single machine’s run; merging again changes nothing', async () => {
    const r = await runCli(['merge', '--data-dir', dataDir, '--json'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { open: number }).open, 0);
    const merged = fingerprint(dataDir);
    assert.deepEqual(merged, reference);
    assert.equal((await runCli(['merge', '--data-dir', dataDir, '--quiet'], env)).status, 0);
    assert.deepEqual(fingerprint(dataDir), merged);
    const status = await runCli(['status', '--data-dir', dataDir], env);
    assert.match(status.stdout, /worker 2: done, merged/);
  });
});
