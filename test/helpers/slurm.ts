/**
 * A real single-node Slurm cluster for a test: munged with its own key, slurmctld and slurmd on 127.0.0.1,
 * every file (config, state, spool, logs, the munge socket) in one temporary folder, stopped by `stop()` (call
 * it in `after`, so it runs on failure too). Debian's `slurm-wlm` and `munge` packages, as root; where that is
 * not possible `startSlurm` returns the reason to skip, and the test says it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, hostname, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const BINARIES = [
  'munged',
  'mungekey',
  'slurmctld',
  'slurmd',
  'sbatch',
  'squeue',
  'scontrol',
  'scancel',
  'sinfo',
];
/** How long the daemons get to bring the node up, in milliseconds. */
const START_DEADLINE_MILLIS = 60_000;

export interface SlurmCluster {
  /** SLURM_CONF for the client commands (merge it into their environment). */
  env: Record<string, string>;
  /** Runs a Slurm client command (sbatch, squeue, ...) with `env` added; resolves with its stdout. */
  run(command: string, args: string[], env?: Record<string, string>): Promise<string>;
  /** Waits until no task of `jobId` is pending or running; throws after `deadlineMillis`. */
  waitForJob(jobId: string, deadlineMillis: number): Promise<void>;
  /** Each array task's state (`COMPLETED`, `CANCELLED`, `FAILED`, ...), by task id. */
  taskStates(jobId: string): Promise<Map<number, string>>;
  /** The daemons' logs (for a failure message). */
  logs(): string;
  stop(): Promise<void>;
}

/** Why Slurm cannot run here, or null when it can. */
export function slurmUnavailable(): string | null {
  if (process.getuid?.() !== 0)
    return 'the Slurm tests need root (munged and slurmd run as root); CI runs them';
  const missing = BINARIES.filter((b) => which(b) === null);
  if (missing.length > 0) {
    return `the Slurm tests need Debian's slurm-wlm and munge (missing: ${missing.join(', ')}; apt-get install slurm-wlm munge)`;
  }
  return null;
}

/** The absolute path of `binary` on the PATH or in the sbin folders (root's PATH may lack them), or null. */
function which(binary: string): string | null {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin']);
  for (const d of dirs) if (d !== '' && existsSync(join(d, binary))) return join(d, binary);
  return null;
}

function bin(binary: string): string {
  return which(binary) ?? binary;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function slurmConf(dir: string, ports: [number, number]): string {
  const host = hostname().split('.')[0] as string;
  return [
    'ClusterName=hftorrent-test',
    `SlurmctldHost=${host}(127.0.0.1)`,
    `SlurmctldPort=${ports[0]}`,
    `SlurmdPort=${ports[1]}`,
    'SlurmUser=root',
    'SlurmdUser=root',
    'AuthType=auth/munge',
    'CredType=cred/munge',
    `AuthInfo=socket=${join(dir, 'munge', 'munge.socket')}`,
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core',
    'SchedulerType=sched/backfill',
    'MpiDefault=none',
    'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none',
    'JobCompType=jobcomp/none',
    'ReturnToService=2',
    // finished jobs stay visible to scontrol for 10 minutes (no accounting database here)
    'MinJobAge=600',
    `StateSaveLocation=${join(dir, 'state')}`,
    `SlurmdSpoolDir=${join(dir, 'spool')}`,
    `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
    `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
    `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
    `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
    // never more memory than the machine has (slurmd drains a node that reports less than its config)
    `NodeName=hfnode NodeAddr=127.0.0.1 NodeHostname=${host} CPUs=${cpus().length} ` +
      `RealMemory=${Math.min(4000, Math.floor(totalmem() / 2 ** 21))} State=UNKNOWN`,
    // several small tasks share a core: the workers mostly wait on the network
    'PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4',
    '',
  ].join('\n');
}

export async function startSlurm(): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'slurm-'));
  // munged refuses a socket folder others cannot traverse, and a key others can read
  chmodSync(dir, 0o755);
  const munge = join(dir, 'munge');
  mkdirSync(munge, { mode: 0o755 });
  for (const sub of ['state', 'spool']) mkdirSync(join(dir, sub));
  const conf = join(dir, 'slurm.conf');
  writeFileSync(conf, slurmConf(dir, [await freePort(), await freePort()]));
  const env = { SLURM_CONF: conf };
  const run = (command: string, args: string[], extra: Record<string, string> = {}): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(
        bin(command),
        args,
        { env: { ...process.env, ...env, ...extra }, timeout: 60_000 },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${stderr}`));
          else resolve(stdout);
        },
      );
    });
  const pids = (): number[] =>
    ['munge/munged.pid', 'slurmctld.pid', 'slurmd.pid']
      .map((f) => join(dir, f))
      .filter((f) => existsSync(f))
      .map((f) => Number(readFileSync(f, 'utf8').trim()))
      .filter((p) => Number.isSafeInteger(p) && p > 1);
  const logs = (): string =>
    ['slurmctld.log', 'slurmd.log', 'munge/munged.log']
      .map((f) => join(dir, f))
      .filter((f) => existsSync(f))
      .map((f) => `--- ${f}\n${readFileSync(f, 'utf8').split('\n').slice(-30).join('\n')}`)
      .join('\n');
  const cluster: SlurmCluster = {
    env,
    run,
    logs,
    waitForJob: async (jobId, deadlineMillis) => {
      const deadline = Date.now() + deadlineMillis;
      while ((await run('squeue', ['-h', '-j', jobId, '-o', '%i %T'])).trim() !== '') {
        if (Date.now() > deadline)
          throw new Error(`job ${jobId} still queued or running after ${deadlineMillis} ms`);
        await delay(500);
      }
    },
    taskStates: async (jobId) => {
      const out = await run('scontrol', ['-o', 'show', 'job', jobId]);
      const states = new Map<number, string>();
      for (const line of out.split('\n')) {
        const task = /ArrayTaskId=(\d+)/.exec(line)?.[1];
        const state = /JobState=(\S+)/.exec(line)?.[1];
        if (task !== undefined && state !== undefined) states.set(Number(task), state);
      }
      return states;
    },
    stop: async () => {
      const running = pids();
      try {
        // only this private cluster's jobs (every job in it is the test's)
        await run('scancel', ['--user', 'root']);
        await run('scontrol', ['shutdown']);
      } catch {
        // the controller may not be up: the signals below stop what is
      }
      await delay(1000);
      for (const pid of running) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    execFileSync(bin('mungekey'), ['--create', `--keyfile=${join(munge, 'munge.key')}`]);
    chmodSync(join(munge, 'munge.key'), 0o400);
    execFileSync(bin('munged'), [
      `--key-file=${join(munge, 'munge.key')}`,
      `--socket=${join(munge, 'munge.socket')}`,
      `--pid-file=${join(munge, 'munged.pid')}`,
      `--log-file=${join(munge, 'munged.log')}`,
      `--seed-file=${join(munge, 'munged.seed')}`,
    ]);
    execFileSync(bin('slurmctld'), ['-f', conf], { env: { ...process.env, ...env } });
    execFileSync(bin('slurmd'), ['-f', conf, '-N', 'hfnode'], { env: { ...process.env, ...env } });
    const deadline = Date.now() + START_DEADLINE_MILLIS;
    for (;;) {
      const state = (await run('sinfo', ['-h', '-o', '%T']).catch(() => '')).trim();
      if (state === 'idle') return cluster;
      if (Date.now() > deadline)
        throw new Error(`the Slurm node is "${state}" after ${START_DEADLINE_MILLIS} ms\n${logs()}`);
      await delay(500);
    }
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
