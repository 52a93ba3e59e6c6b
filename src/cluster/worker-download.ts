/**
 * `download --worker I`: worker I's repos of the plan, through the same engine as any download, with the
 * worker's own ledger (worker-ledger.ts) instead of the catalog's. A worker opens no shared database and takes
 * no lock: it writes only its journal and the folders of its own repos (the plan's lists are disjoint), so any
 * number of workers run at once on a shared data dir, from any machines. The scheduler runs each index once at
 * a time (a Slurm array task; a Kubernetes index with `podReplacementPolicy: Failed`); a worker run again
 * (resubmitted after it died) replays its journal and goes on where it stopped.
 */
import { resolve } from 'node:path';
import { checkDownloadOptions, downloadList, type DownloadOptions } from '../download/download.js';
import type { DownloadSummary } from '../download/summary.js';
import { describeHolder, liveDataDirLock } from '../catalog/lock.js';
import { lockPath } from '../catalog/data-dir.js';
import { CatalogLockedError, UsageError } from '../errors.js';
import { planWorker, readPlan, type Plan } from './plan-file.js';
import { openWorkerLedger } from './worker-ledger.js';

/** The options of one worker's run; the repos, filters and method come from the plan. */
export type WorkerDownloadOptions = Omit<
  DownloadOptions,
  'shard' | 'urlsFile' | 'include' | 'exclude' | 'method' | 'maxBytes'
> & {
  /** 0-based worker index (`SLURM_ARRAY_TASK_ID`, `JOB_COMPLETION_INDEX`). */
  worker: number;
  /** The plan, when the caller read it already (to pick the endpoint). Default: read from the data dir. */
  plan?: Plan;
};

export async function downloadWorker(options: WorkerDownloadOptions): Promise<DownloadSummary> {
  const dataDir = resolve(options.dataDir);
  const plan = options.plan ?? readPlan(dataDir);
  const worker = planWorker(plan, options.worker);
  if (options.dryRun === true) {
    throw new UsageError('--worker: a worker always downloads; for a dry run use `hftorrent plan`');
  }
  const settings: DownloadOptions = {
    ...options,
    dataDir,
    method: plan.download.method,
    include: plan.download.include,
    exclude: plan.download.exclude,
  };
  checkDownloadOptions(settings);
  refuseSingleMachineRun(dataDir);
  const store = openWorkerLedger(dataDir, worker.index, { now: options.clock?.now, fsync: options.fsync });
  try {
    const items = worker.repos.map((r) => ({ repoId: r.id, position: r.rank, listedCommit: r.commit }));
    return await downloadList(store, { items, total: items.length, source: 'selection' }, settings);
  } finally {
    store.close();
  }
}

/**
 * Workers take no lock (see above), but a single-machine `download` or `run` on the same data dir would fetch
 * the same repos into the same folders and write the catalog's ledger: a worker does not start beside one.
 * (`plan`, `merge`, `export` and `report` holding the lock are no obstacle.)
 */
function refuseSingleMachineRun(dataDir: string): void {
  const holder = liveDataDirLock(dataDir);
  if (holder !== null && (holder.command === 'download' || holder.command === 'run')) {
    throw new CatalogLockedError(
      `a single-machine \`${holder.command}\` is running on this data dir (${describeHolder(holder)}): ` +
        'a worker does not start beside it; wait for it to finish',
      { path: lockPath(dataDir) },
    );
  }
}
