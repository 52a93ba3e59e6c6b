/**
 * Case 8, cluster runs (issue 12): bench/cluster/plan-balance.ts (`plan` over a synthetic catalog with a
 * realistic size mix: the heaviest worker's bytes over the mean, against round robin, and plan's time) and
 * bench/cluster/shared-quota.ts (workers sharing one token's API quota: their time over the quota-bound
 * minimum and their 429s, then one worker alone for the 429s it makes). Each script runs in a process of its
 * own and prints its figures as JSON.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { num } from '../report/format.js';
import type { CaseResult, TargetResult } from '../report/results.js';
import type { CaseContext } from './context.js';

const run = promisify(execFile);
const BALANCE_TARGET = 1.05;
const QUOTA_TARGET = 1.1;

interface Balance {
  selected: number;
  maxOverMean: number;
  roundRobinMaxOverMean: number;
  planSeconds: number;
  planCpuSeconds: number;
  largestRepoGB: number;
  meanPerWorkerTB: number;
}
interface Quota {
  workers: number;
  apiRequests: number;
  rateLimited: number;
  seconds: number;
  minimumSeconds: number;
  overMinimum: number | null;
  failed: number;
}

/** Runs a bench/cluster script with tsx; returns the JSON object it prints before its summary line. */
async function script<T>(name: string, args: string[], timeoutMillis: number): Promise<T> {
  const path = fileURLToPath(new URL(`../cluster/${name}`, import.meta.url));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path, ...args], {
    timeout: timeoutMillis,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.slice(0, stdout.lastIndexOf('}') + 1)) as T;
}

function target(name: string, wanted: string, measured: string, pass: boolean | null): TargetResult {
  return { case: 'cluster', name, target: wanted, measured, pass };
}

export async function clusterCase(ctx: CaseContext): Promise<CaseResult> {
  const { models, workers, quota, timeoutMillis } = ctx.plan.cluster;
  ctx.log(`cluster: plan over ${models} models for ${workers} workers`);
  const balance = await script<Balance>(
    'plan-balance.ts',
    ['--models', String(models), '--workers', String(workers)],
    timeoutMillis,
  );
  const quotaArgs = (n: number) => [
    '--workers',
    String(n),
    '--quota',
    String(quota.quota),
    '--window',
    String(quota.windowSeconds),
    '--repos',
    String(quota.repos),
  ];
  ctx.log(
    `cluster: ${quota.workers} workers sharing ${quota.quota} API requests per ${quota.windowSeconds} s`,
  );
  const shared = await script<Quota>('shared-quota.ts', quotaArgs(quota.workers), timeoutMillis);
  ctx.log('cluster: one worker under the same quota');
  const alone = await script<Quota>('shared-quota.ts', quotaArgs(1), timeoutMillis);
  const row = (label: string, q: Quota): string[] => [
    label,
    String(q.apiRequests),
    num(q.seconds, 1),
    String(q.minimumSeconds),
    q.overMinimum === null ? '-' : String(q.overMinimum),
    String(q.rateLimited),
    String(q.failed),
  ];
  return {
    name: 'cluster',
    title: `8. Cluster runs (plan over ${models.toLocaleString('en-US')} models; a shared quota)`,
    params: { models, workers, quota },
    sides: [],
    tables: [
      {
        title: `plan, ${workers} workers, ${balance.selected.toLocaleString('en-US')} repos selected`,
        header: [
          'heaviest / mean',
          'round robin (--shard) heaviest / mean',
          'largest repo GB',
          'mean per worker TB',
          'plan s',
          'plan CPU s',
        ],
        rows: [
          [
            String(balance.maxOverMean),
            String(balance.roundRobinMaxOverMean),
            String(balance.largestRepoGB),
            String(balance.meanPerWorkerTB),
            num(balance.planSeconds, 2),
            num(balance.planCpuSeconds, 2),
          ],
        ],
      },
      {
        title: `one token's quota, ${quota.quota} API requests per ${quota.windowSeconds} s, ${quota.repos} repos`,
        header: ['workers', 'API requests', 's', 'quota-bound minimum s', 'over minimum', '429s', 'failed'],
        rows: [row(String(quota.workers), shared), row('1', alone)],
      },
    ],
    targets: [
      target(
        'plan balance',
        `heaviest / mean <= ${BALANCE_TARGET}`,
        String(balance.maxOverMean),
        balance.maxOverMean <= BALANCE_TARGET,
      ),
      target(
        `${quota.workers} workers, one quota`,
        `time <= ${QUOTA_TARGET}x the minimum`,
        `${shared.overMinimum ?? '-'}x`,
        shared.overMinimum === null ? null : shared.overMinimum <= QUOTA_TARGET && shared.failed === 0,
      ),
      target(
        `${quota.workers} workers, one quota`,
        "429s <= one worker's",
        `${shared.rateLimited} vs ${alone.rateLimited}`,
        shared.rateLimited <= alone.rateLimited,
      ),
    ],
    notes: [
      'plan runs over a catalog written straight into SQLite (most repos log-normal around 20 MB, one in 10,000 of 100-800 GB); round robin is what `download --shard I/N` gives the same workers.',
    ],
  };
}
