/** The plan of a cluster run (`plan/plan.json`): what `plan` writes and workers, `status` and `merge` read. */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { planFile } from './layout.js';

/** Where a repo's byte count came from, best first. */
export type SizeSource = 'manifest' | 'storage' | 'parameters' | 'unknown';

export interface PlanRepo {
  id: string;
  /** 0-based selection rank (the ledger's position). */
  rank: number;
  /** `main` at listing, the commit the worker pins. */
  commit: string | null;
  /** Expected bytes (see `Plan.sizes`). */
  bytes: number;
}

export interface PlanWorker {
  /** 0-based: Slurm's `SLURM_ARRAY_TASK_ID`, Kubernetes' `JOB_COMPLETION_INDEX`. */
  index: number;
  /** Expected bytes of its repos. */
  bytes: number;
  /** Its repos, in rank order. */
  repos: PlanRepo[];
  /** The command that runs it (from any machine that mounts the data dir at the same path). */
  command: string;
}

export interface Plan {
  version: 1;
  createdAt: string;
  /** Absolute path of the data dir the plan was made for. */
  dataDir: string;
  /** The Hub the catalog was crawled from (workers use it unless given another). */
  endpoint: string;
  selection: {
    id: number;
    snapshotId: number;
    method: string;
    shrinkage: number | null;
    top: number | null;
    count: number;
    createdAt: string;
  };
  /** How the repos were split: `lpt` (largest first, each to the lightest worker; rank order kept). */
  method: 'lpt';
  /** The download settings every worker applies (the same for all, so the run is one run). */
  download: { method: 'http' | 'git'; include: string[]; exclude: string[] };
  /** Repos whose bytes came from each source: the manifest, the listing's storage, parameters x 2, none. */
  sizes: Record<SizeSource, number>;
  workerCount: number;
  bytes: { total: number; max: number; mean: number; maxOverMean: number };
  workers: PlanWorker[];
}

/** The plan of `dataDir`, or a usage error saying to run `plan` when there is none. */
export function readPlan(dataDir: string): Plan {
  const path = planFile(dataDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`no cluster plan at ${path}: run \`hftorrent plan --workers N\` first`);
  }
  const plan = JSON.parse(text) as Plan;
  if (plan.version !== 1 || !Array.isArray(plan.workers)) {
    throw new UsageError(`${path}: not a plan this hf-torrent reads (version ${String(plan.version)})`);
  }
  return plan;
}

/** The plan, or null when `dataDir` has none. */
export function readPlanIfAny(dataDir: string): Plan | null {
  try {
    return readPlan(dataDir);
  } catch (error) {
    if (error instanceof UsageError && error.message.startsWith('no cluster plan')) return null;
    throw error;
  }
}

/** Worker `index` of `plan`, or a usage error naming the valid range. */
export function planWorker(plan: Plan, index: number): PlanWorker {
  const worker = Number.isSafeInteger(index) ? plan.workers[index] : undefined;
  if (worker === undefined) {
    throw new UsageError(`--worker: the plan has workers 0 to ${plan.workerCount - 1}, got ${String(index)}`);
  }
  return worker;
}
