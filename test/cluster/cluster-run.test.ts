/**
 * A cluster run on one machine: `plan` splits the selection, the workers run at once on the shared data dir
 * (each with its own ledger), `status` reads their ledgers live, and after `merge` the data dir equals the one
 * a single machine makes from the same selection: the same files, the same ledger states.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Plan } from '../../src/cluster/index.js';
import {
  CLUSTER_TOP,
  fingerprint,
  startClusterFixture,
  type ClusterFixture,
  type Fingerprint,
} from '../helpers/cluster-fixture.js';
import { runCli } from '../helpers/run-cli.js';

const TOKEN = 'hf_cluster_token';
const TOP = CLUSTER_TOP;
let fx: ClusterFixture;
let top: string;
let env: Record<string, string>;
let reference: Fingerprint;
let dataDir: string;
let plan: Plan;

before(async () => {
  fx = await startClusterFixture('cluster-run', TOKEN);
  ({ top, env, reference, dataDir } = fx);
});
after(() => fx?.close());

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

  it('a new plan does not drop ledgers holding work not merged yet', async () => {
    const r = await runCli(['plan', '--workers', '2', '--data-dir', dataDir], env);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /holds work not merged yet: run `hftorrent merge` first/);
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

describe('bad input to the cluster commands', () => {
  it('is a one-line usage error', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['download', '--worker', '9'], /--worker: the plan has workers 0 to 2, got 9/],
      [['download', '--worker', '-1'], /--worker: expected a worker index/],
      [
        ['download', '--worker', '0', '--shard', '1/2'],
        /--worker takes the selection, filters and method from the plan: drop --shard/,
      ],
      [['plan', '--workers', '0'], /--workers/],
      [['plan', '--workers', '20000'], /--workers/],
    ];
    for (const [argv, message] of cases) {
      const r = await runCli([...argv, '--data-dir', dataDir], env);
      assert.equal(r.status, 2, `${argv.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    }
    // a single-machine download holding the data dir: a worker does not start beside it (exit 3)
    const lock = join(dataDir, 'huggingface', 'hftorrent.lock');
    const holder = {
      pid: process.ppid,
      host: hostname(),
      command: 'download',
      since: new Date().toISOString(),
      token: 't',
    };
    writeFileSync(lock, JSON.stringify(holder));
    try {
      const r = await runCli(['download', '--worker', '0', '--data-dir', dataDir], env);
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, /a single-machine `download` is running on this data dir/);
    } finally {
      rmSync(lock, { force: true });
    }
    const empty = join(top, 'empty');
    const noPlan = await runCli(['merge', '--data-dir', empty], env);
    assert.equal(noPlan.status, 2);
    assert.match(noPlan.stderr, /no cluster plan at .*: run `hftorrent plan --workers N` first/);
  });
});
