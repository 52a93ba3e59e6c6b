/** `download --worker I`: one worker of a cluster plan (src/cluster/worker-download.ts). */
import { decideEndpoint } from '../../catalog/index.js';
import { downloadWorker, readPlan } from '../../cluster/index.js';
import { givenEndpoint } from '../../config.js';
import { downloadExitStatus } from '../../download/index.js';
import { ConfigError, UsageError } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { hubClientFor } from '../hub-client-for.js';
import { downloadProgress, downloadSummaryText } from '../render/download-progress.js';
import { clientConnections, downloadOptionsFrom, type DownloadFlags } from './download.js';

/** The flags a worker takes from the plan instead (the run must be the same on every worker). */
const FROM_THE_PLAN = [
  'shard',
  'urls',
  'include',
  'exclude',
  'method',
  'maxBytes',
  'dryRun',
  'history',
] as const;

/** `--worker I`: a whole number from 0 (Slurm's and Kubernetes' indexes count from 0). */
export function workerIndex(value: string): number {
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new ConfigError(`--worker: expected a worker index (0, 1, ...), got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

export async function runWorker(
  opts: DownloadFlags & { worker: number; urls?: string; history?: boolean },
  ctx: CommandContext,
): Promise<void> {
  const given = FROM_THE_PLAN.filter((k) => opts[k] !== undefined);
  if (given.length > 0) {
    throw new UsageError(
      `--worker takes the selection, filters and method from the plan: drop ${given.map(flagName).join(', ')} ` +
        '(set filters and method on `hftorrent plan`)',
    );
  }
  const plan = readPlan(ctx.config.dataDir);
  const endpoint = decideEndpoint(givenEndpoint(ctx.config), plan.endpoint);
  // the other workers draw on the same token's quota
  const client = hubClientFor(ctx, { endpoint, connections: clientConnections(opts), sharedQuota: true });
  try {
    const summary = await downloadWorker({
      ...downloadOptionsFrom(opts, ctx),
      dataDir: ctx.config.dataDir,
      client,
      endpoint,
      worker: opts.worker,
      plan,
      // git mode reaches the token through the environment only; the method is the plan's
      token: plan.download.method === 'git' ? ctx.config.token : undefined,
      signal: ctx.signal,
      onEvent: downloadProgress(ctx.report),
    });
    ctx.report.result(
      { worker: opts.worker, ...summary },
      () => `worker ${opts.worker}: ${downloadSummaryText(summary)}`,
    );
    ctx.io.exitCode = downloadExitStatus(summary);
  } finally {
    await client.close();
  }
}

function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
