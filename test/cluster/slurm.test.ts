/**
 * A cluster run on a real (single-node) Slurm cluster: `plan --slurm` writes the job array, `sbatch` runs it,
 * one task is cancelled mid-download and resubmitted, and after `merge` the data dir equals a single machine's
 * run of the same selection. Skips, saying why, where Slurm cannot be started (not root, packages missing).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { clusterProgress, sbatchFile, type Plan } from '../../src/cluster/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  fingerprint,
  startClusterFixture,
  type ClusterFixture,
  type Fingerprint,
} from '../helpers/cluster-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { slurmUnavailable, startSlurm, type SlurmCluster } from '../helpers/slurm.js';

const TOKEN = 'hf_slurm_secret_token';
const WORKERS = 4;
/** The task cancelled mid-download. */
const VICTIM = 1;
const JOB_DEADLINE_MILLIS = 240_000;
const unavailable = slurmUnavailable();
const built = existsSync(new URL('../../dist/cli/main.js', import.meta.url));

let fx: ClusterFixture | undefined;
let emulator: RunningEmulator;
let slurm: SlurmCluster | null = null;
let env: Record<string, string>;
let reference: Fingerprint;
let dataDir: string;
let plan: Plan;
let script: string;

describe('a Slurm job array', { skip: unavailable ?? false }, () => {
  before(async () => {
    assert.ok(built, 'the Slurm test runs bin/hftorrent.js: run `npm run build` first');
    fx = await startClusterFixture('cluster-slurm', TOKEN);
    ({ emulator, env, reference, dataDir } = fx);
    slurm = await startSlurm();
  });
  after(async () => {
    await slurm?.stop();
    await fx?.close();
  });

  it('plan --slurm writes a job array with absolute paths and no endpoint or token in it', async () => {
    const r = await runCli(
      [
        'plan',
        '--workers',
        String(WORKERS),
        '--slurm',
        '--throttle',
        '3',
        '--memory',
        '300M',
        '--cpus',
        '1',
        '--time',
        '00:20:00',
        '--data-dir',
        dataDir,
        '--json',
      ],
      env,
    );
    assert.equal(r.status, 0, r.stderr);
    plan = JSON.parse(r.stdout) as Plan;
    script = sbatchFile(dataDir);
    const text = readFileSync(script, 'utf8');
    assert.match(text, /^#!\/bin\/bash\n/);
    assert.match(text, new RegExp(`^#SBATCH --array=0-${WORKERS - 1}%3$`, 'm'));
    assert.match(text, /^#SBATCH --mem=300M$/m);
    assert.match(text, /^#SBATCH --time=00:20:00$/m);
    assert.match(text, /^#SBATCH --export=ALL$/m);
    assert.ok(text.includes(process.execPath), 'this node, by absolute path');
    assert.match(text, /\/bin\/hftorrent\.js download --worker "\$SLURM_ARRAY_TASK_ID" --data-dir \//);
    assert.ok(text.includes(dataDir), 'the data dir, by absolute path');
    for (const file of readdirSync(join(dataDir, 'huggingface/plan'), { recursive: true }) as string[]) {
      const path = join(dataDir, 'huggingface/plan', file);
      if (!existsSync(path) || !/\.(sbatch|json|ndjson)$/.test(file)) continue;
      const content = readFileSync(path, 'utf8');
      assert.ok(!content.includes(TOKEN), `no token in ${file}`);
    }
    assert.ok(!text.includes(emulator.endpoint), 'the endpoint comes from the environment');
  });

  it('runs the array; a task cancelled mid-download is resubmitted and completes the run, nothing lost', async () => {
    const cluster = slurm as SlurmCluster;
    const victim = plan.workers[VICTIM]?.repos ?? [];
    // a repo of the victim's list, after some it downloads first, that hangs: the task is caught mid-run
    const verifiedInReference = new Set(
      reference.ledger.filter((l) => l.split(' ')[3] === 'verified').map((l) => l.split(' ')[1]),
    );
    const hangAt = victim.findIndex((r, i) => i >= 2 && verifiedInReference.has(r.id));
    assert.ok(hangAt > 0, 'the victim has a repo to hang on after two others');
    const hanging = (victim[hangAt] as { id: string }).id;
    const fault = emulator.faults.add({ repo: hanging, action: { type: 'delay', headersMillis: 600_000 } });
    const jobId = (await cluster.run('sbatch', ['--parsable', script], env)).trim().split(';')[0] as string;

    const before = victim.slice(0, hangAt).map((r) => r.id);
    await waitFor(
      () => clusterProgress(dataDir)?.workers[VICTIM]?.repos.todo === victim.length - hangAt,
      'the victim reached the hanging repo',
      cluster,
    );
    // status reads the workers' ledgers while they run: the victim is running, with a rate and an ETA
    const live = clusterProgress(dataDir)?.workers[VICTIM];
    assert.equal(live?.state, 'running');
    assert.ok((live?.bytes.verified ?? 0) > 0 && (live?.bytesPerSecond ?? 0) > 0, JSON.stringify(live));
    assert.ok(live?.etaSeconds !== null && (live?.etaSeconds ?? 0) > 0, JSON.stringify(live));
    const shown = await runCli(['status', '--data-dir', dataDir], env);
    assert.match(
      shown.stdout,
      new RegExp(`worker ${VICTIM}: running; .* to do of ${victim.length} repos; .*/s, ETA`),
    );
    await cluster.run('scancel', [`${jobId}_${VICTIM}`]);
    await cluster.waitForJob(jobId, JOB_DEADLINE_MILLIS);
    const states = await cluster.taskStates(jobId);
    for (let i = 0; i < WORKERS; i += 1) {
      assert.equal(states.get(i), i === VICTIM ? 'CANCELLED' : 'COMPLETED', `task ${i}\n${cluster.logs()}`);
    }
    const progress = clusterProgress(dataDir);
    assert.notEqual(progress?.workers[VICTIM]?.state, 'done');
    emulator.faults.remove(fault[0] as number);

    // merge while one worker is unfinished: it takes what is final
    const partial = await runCli(['merge', '--data-dir', dataDir, '--json'], env);
    assert.equal(partial.status, 0, partial.stderr);
    assert.equal((JSON.parse(partial.stdout) as { open: number }).open, victim.length - hangAt);
    assert.notDeepEqual(fingerprint(dataDir), reference);

    const fetchedBefore = before.map((id) => emulator.stats.cdnCount(id));
    const again = (await cluster.run('sbatch', ['--parsable', `--array=${VICTIM}`, script], env))
      .trim()
      .split(';')[0] as string;
    await cluster.waitForJob(again, JOB_DEADLINE_MILLIS);
    assert.equal((await cluster.taskStates(again)).get(VICTIM), 'COMPLETED', cluster.logs());
    assert.deepEqual(
      before.map((id) => emulator.stats.cdnCount(id)),
      fetchedBefore,
      'what the victim had verified is not fetched again',
    );
    assert.ok(existsSync(join(dataDir, `huggingface/plan/logs/worker-${VICTIM}.out`)));

    const merged = await runCli(['merge', '--data-dir', dataDir, '--json'], env);
    assert.equal(merged.status, 0, merged.stderr);
    assert.equal((JSON.parse(merged.stdout) as { open: number }).open, 0);
    assert.deepEqual(fingerprint(dataDir), reference);
  });
});

if (unavailable !== null) {
  it('Slurm tests skipped', { skip: unavailable }, () => undefined);
}

/** Polls `check` every 250 ms; fails after 120 s with the daemons' logs. */
async function waitFor(check: () => boolean, what: string, cluster: SlurmCluster): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}\n${cluster.logs()}`);
    await delay(250);
  }
}
