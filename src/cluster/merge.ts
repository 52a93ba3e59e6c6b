/**
 * `merge`: folds every worker's ledger into the catalog, so that `status`, `export` and `report` read the
 * run as if one machine had made it. For each worker it rebuilds the worker's ledger from its base and journal
 * (worker-ledger.ts) and writes into the catalog the rows of every repo the worker has finished (verified,
 * skipped, failed) with the manifest it was pinned to; a repo still pending or in flight is left as the
 * catalog has it (enlisted as pending), to be taken by a later merge. Merging is idempotent: the same
 * journals give the same rows, so it can be run at any time, as often as wanted, also while workers run (it
 * reads only their complete entries and writes only the catalog, which no worker opens).
 */
import { resolve } from 'node:path';
import type { LedgerRepo } from '../catalog/ledger.js';
import { readRepoRows, writeRepoRows, type RepoRows } from '../catalog/ledger-rows.js';
import { acquireDataDirLock } from '../catalog/lock.js';
import { openCatalog, type Catalog } from '../catalog/open-catalog.js';
import { writeMerged } from './merged-marks.js';
import { readPlan, type Plan, type PlanWorker } from './plan-file.js';
import { replayWorker, type WorkerState } from './worker-ledger.js';

export interface MergeSummary {
  workers: Array<{ index: number; repos: number; merged: number; open: number }>;
  /** Repos whose final rows are now in the catalog. */
  merged: number;
  /** Repos no worker has finished yet. */
  open: number;
}

const FINAL: ReadonlySet<LedgerRepo['state']> = new Set(['verified', 'skipped', 'failed']);

export async function merge(options: { dataDir: string }): Promise<MergeSummary> {
  const dataDir = resolve(options.dataDir);
  const plan = readPlan(dataDir);
  const release = acquireDataDirLock(dataDir, 'merge');
  try {
    const catalog = openCatalog(dataDir);
    try {
      enlistPlan(catalog, plan);
      const summary: MergeSummary = { workers: [], merged: 0, open: 0 };
      const marks: Record<string, number> = {};
      for (const worker of plan.workers) {
        const state = replayWorker(dataDir, worker.index);
        try {
          const merged = mergeWorker(catalog, worker, state);
          marks[String(worker.index)] = state.journalBytes;
          const open = worker.repos.length - merged;
          summary.workers.push({ index: worker.index, repos: worker.repos.length, merged, open });
          summary.merged += merged;
          summary.open += open;
        } finally {
          state.scratch.close();
        }
      }
      await writeMerged(dataDir, marks);
      return summary;
    } finally {
      catalog.close();
    }
  } finally {
    release();
  }
}

/** Every repo of the plan is in the catalog's ledger (pending where nothing is known yet), as a single run enlists. */
function enlistPlan(catalog: Catalog, plan: Plan): void {
  for (const worker of plan.workers) {
    const repos = worker.repos.map((r) => ({ repoId: r.id, position: r.rank, listedCommit: r.commit }));
    catalog.ledger.enlist(repos, 'selection');
  }
}

/** Writes the finished repos of one worker into the catalog; returns how many. */
function mergeWorker(catalog: Catalog, worker: PlanWorker, state: WorkerState): number {
  const { ledger, manifests } = state.scratch;
  const finished: RepoRows[] = [];
  for (const repo of worker.repos) {
    const rows = readRepoRows(ledger, repo.id);
    if (rows === null || !FINAL.has(rows.repo.state)) continue;
    const commit = rows.repo.commit;
    if (commit !== null && !catalog.manifests.has(repo.id, commit)) {
      const stored = manifests.get(repo.id, commit);
      if (stored !== null) catalog.manifests.put(repo.id, commit, stored.source, stored.files);
    }
    finished.push(rows);
  }
  writeRepoRows(catalog, finished);
  // what the model info told the worker and the listing did not (usedStorage): filled where still unknown
  for (const entry of state.entries) {
    if (entry.op !== 'manifests.recordModelInfoFacts') continue;
    const [repoId, facts] = entry.args as [string, { usedStorage: number | null }];
    catalog.manifests.recordModelInfoFacts(repoId, facts);
  }
  return finished.length;
}
