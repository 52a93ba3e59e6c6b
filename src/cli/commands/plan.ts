import { Option, type Command } from 'commander';
import { makePlan, MAX_WORKERS, type Plan, type PlanResult } from '../../cluster/index.js';
import { commandContext } from '../context.js';
import { displayPath, formatBytes, formatCount } from '../format.js';
import type { CliIo } from '../io.js';
import { boundedInt, collect, positiveInt } from './options.js';

interface PlanFlags {
  workers: number;
  slurm?: boolean;
  k8s?: boolean;
  throttle?: number;
  partition?: string;
  time?: string;
  memory?: string;
  cpus?: number;
  image?: string;
  pvc?: string;
  mountPath?: string;
  secret?: string;
  backoffLimitPerIndex?: number;
  method?: 'http' | 'git';
  include?: string[];
  exclude?: string[];
  force?: boolean;
}

export function registerPlan(program: Command, io: CliIo): void {
  program
    .command('plan')
    .description(
      'split the selection into per-worker lists balanced by bytes; write Slurm / Kubernetes job files',
    )
    .requiredOption(
      '--workers <n>',
      `workers (array tasks, job indexes), at most ${MAX_WORKERS}`,
      boundedInt('--workers', MAX_WORKERS),
    )
    .option('--slurm', 'also write plan/slurm.sbatch, a Slurm job array')
    .option('--k8s', 'also write plan/job.yaml, a Kubernetes Indexed Job')
    .option(
      '--throttle <k>',
      'workers running at once (Slurm %K, Kubernetes parallelism; default: all)',
      positiveInt('--throttle'),
    )
    .option('--partition <name>', 'Slurm partition (default: the cluster default)')
    .option('--time <limit>', 'Slurm time limit per task (default: 2-00:00:00)')
    .option('--memory <size>', 'memory per worker (default: 8G for Slurm, 8Gi for Kubernetes)')
    .option('--cpus <n>', 'CPUs per worker (default: 4)', positiveInt('--cpus'))
    .option('--image <image>', 'Kubernetes: an image with hftorrent on its PATH (default: hf-torrent:latest)')
    .option(
      '--pvc <name>',
      'Kubernetes: the ReadWriteMany claim holding the data dir (default: hftorrent-data)',
    )
    .option('--mount-path <path>', 'Kubernetes: where the claim is mounted (default: /data)')
    .option('--secret <name>', 'Kubernetes: the Secret with the token under "token" (default: hf-token)')
    .option(
      '--backoff-limit-per-index <n>',
      'Kubernetes: retries of one index (default: 3)',
      positiveInt('--backoff-limit-per-index'),
    )
    .addOption(
      new Option('--method <method>', 'the download method of every worker (default: http)').choices([
        'http',
        'git',
      ]),
    )
    .option('--include <glob>', 'only files matching this glob, for every worker (repeatable)', collect)
    .option('--exclude <glob>', 'leave out files matching this glob, for every worker (repeatable)', collect)
    .option('--force', 'replace a plan whose worker ledgers hold work not merged yet')
    .addHelpText(
      'after',
      '\nExamples:\n  hftorrent plan --workers 64 --slurm --throttle 16 --partition cpu\n  sbatch data/huggingface/plan/slurm.sbatch\n' +
        '  hftorrent plan --workers 32 --k8s --image registry.example/hf-torrent:0.1\n  hftorrent plan --workers 8 --json | jq .workers[].bytes',
    )
    .action(async (opts: PlanFlags, cmd: Command) => {
      const ctx = commandContext(cmd, io);
      const memory = opts.memory;
      const result = await makePlan({
        dataDir: ctx.config.dataDir,
        workers: opts.workers,
        method: opts.method,
        include: opts.include,
        exclude: opts.exclude,
        force: opts.force,
        slurm:
          opts.slurm === true
            ? { throttle: opts.throttle, partition: opts.partition, time: opts.time, memory, cpus: opts.cpus }
            : undefined,
        k8s:
          opts.k8s === true
            ? {
                throttle: opts.throttle,
                image: opts.image,
                pvc: opts.pvc,
                mountPath: opts.mountPath,
                secret: opts.secret,
                backoffLimitPerIndex: opts.backoffLimitPerIndex,
                memory: memory === undefined ? undefined : kubernetesMemory(memory),
                cpus: opts.cpus,
              }
            : undefined,
      });
      ctx.report.result(result.plan, () => planText(result));
    });
}

/** Slurm's `8G` is Kubernetes' `8Gi` (both binary); a value already in Kubernetes' syntax stays. */
function kubernetesMemory(value: string): string {
  return /^\d+[KMGT]$/.test(value) ? `${value}i` : value;
}

function planText({ plan, files }: PlanResult): string {
  const b = plan.bytes;
  const lines = [
    `plan: ${formatCount(plan.selection.count)} repos of selection #${plan.selection.id} over ${plan.workerCount} workers, ` +
      `${formatBytes(b.total)} in all, ${formatBytes(Math.round(b.mean))} per worker on average, ` +
      `heaviest ${formatBytes(b.max)} (${b.maxOverMean.toFixed(3)} x mean)`,
    `  sizes from: ${sizesText(plan)}`,
    `  ${displayPath(files.plan)}`,
  ];
  if (files.slurm !== null)
    lines.push(`  ${displayPath(files.slurm)}  (submit: sbatch ${displayPath(files.slurm)})`);
  if (files.k8s !== null)
    lines.push(`  ${displayPath(files.k8s)}  (submit: kubectl apply -f ${displayPath(files.k8s)})`);
  lines.push(
    'then: hftorrent status (per worker), hftorrent merge (any time; again at the end), hftorrent export',
  );
  return lines.join('\n');
}

function sizesText(plan: Plan): string {
  const s = plan.sizes;
  return `${formatCount(s.manifest)} manifests, ${formatCount(s.storage)} storage figures, ${formatCount(s.parameters)} parameter counts, ${formatCount(s.unknown)} unknown (counted as the mean)`;
}
