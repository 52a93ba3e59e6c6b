/**
 * Where a cluster run keeps its files, under `<data-dir>/huggingface/plan/`:
 *
 *   plan.json                  the plan: selection, filters, workers, each worker's repos and command
 *   slurm.sbatch, job.yaml     the job files `plan --slurm` / `plan --k8s` write
 *   base/worker-<I>.ndjson     what the catalog's ledger knew about worker I's repos when the plan was made
 *   ledgers/worker-<I>.ndjson  worker I's own ledger: an append-only journal only that worker writes
 *   logs/worker-<I>.out        the scheduler's output of worker I (Slurm)
 *   merged.json                how much of each worker's ledger `merge` has folded into the catalog
 */
import { join } from 'node:path';
import { hubDir } from '../catalog/data-dir.js';

export function planDir(dataDir: string): string {
  return join(hubDir(dataDir), 'plan');
}

export function planFile(dataDir: string): string {
  return join(planDir(dataDir), 'plan.json');
}

export function baseFile(dataDir: string, worker: number): string {
  return join(planDir(dataDir), 'base', `worker-${worker}.ndjson`);
}

export function workerLedgerDir(dataDir: string): string {
  return join(planDir(dataDir), 'ledgers');
}

export function workerLedgerFile(dataDir: string, worker: number): string {
  return join(workerLedgerDir(dataDir), `worker-${worker}.ndjson`);
}

export function logsDir(dataDir: string): string {
  return join(planDir(dataDir), 'logs');
}

export function sbatchFile(dataDir: string): string {
  return join(planDir(dataDir), 'slurm.sbatch');
}

export function k8sFile(dataDir: string): string {
  return join(planDir(dataDir), 'job.yaml');
}

export function mergedFile(dataDir: string): string {
  return join(planDir(dataDir), 'merged.json');
}
