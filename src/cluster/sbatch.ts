/**
 * The Slurm job array of a plan (`plan/slurm.sbatch`): one array task per worker, task I running
 * `download --worker I` with the absolute paths of the node and the hftorrent that wrote it and of the data
 * dir (every node must mount it at the same path). The Hub endpoint and the token are never written here:
 * `--export=ALL` hands the job the environment `sbatch` was called from (HF_ENDPOINT, HF_TOKEN), so a secret
 * never lands in a file on the shared filesystem.
 */
import { logsDir } from './layout.js';
import { workerCommand } from './worker-command.js';
import type { Plan } from './plan-file.js';

export interface SlurmOptions {
  /** Array tasks running at once (`%K`). Default: every worker. */
  throttle?: number;
  /** `--partition`. Default: none (the cluster's default partition). */
  partition?: string;
  /** `--time`, Slurm's syntax (`2-00:00:00`, `12:00:00`). Default `2-00:00:00` (two days). */
  time?: string;
  /** `--mem` per task, Slurm's syntax (`8G`). Default `8G`. */
  memory?: string;
  /** `--cpus-per-task`. Default 4 (hashing and TLS for 8 files in flight). */
  cpus?: number;
  /** `--job-name`. Default `hftorrent`. */
  jobName?: string;
}

export function sbatchScript(plan: Plan, invocation: string[], o: SlurmOptions = {}): string {
  const n = plan.workerCount;
  const throttle = Math.min(Math.max(1, o.throttle ?? n), n);
  const directives = [
    `--job-name=${o.jobName ?? 'hftorrent'}`,
    `--array=0-${n - 1}%${throttle}`,
    `--output=${logsDir(plan.dataDir)}/worker-%a.out`,
    `--time=${o.time ?? '2-00:00:00'}`,
    `--mem=${o.memory ?? '8G'}`,
    `--cpus-per-task=${o.cpus ?? 4}`,
    ...(o.partition === undefined ? [] : [`--partition=${o.partition}`]),
    '--export=ALL',
  ];
  return [
    '#!/bin/bash',
    ...directives.map((d) => `#SBATCH ${d}`),
    `# hf-torrent plan of ${plan.createdAt}: selection #${plan.selection.id}, ${n} workers balanced by bytes.`,
    '# Submit with `sbatch` from a shell that has HF_TOKEN (and HF_ENDPOINT for a mirror) set: the job',
    '# inherits them; neither is written here. A task that failed or was cancelled is resubmitted with',
    '# `sbatch --array=I <this file>` and resumes where it stopped; then `hftorrent merge`.',
    'set -euo pipefail',
    `exec ${workerCommand(invocation, '"$SLURM_ARRAY_TASK_ID"', plan.dataDir)}`,
    '',
  ].join('\n');
}
