/**
 * `status(dataDir)`: what the catalog and the ledger say, at any time (also while a run holds the lock: the
 * catalog is read in WAL mode without blocking it). The CLI prints it or `--json`s it.
 */
import type { LedgerReport } from '../catalog/ledger-report.js';
import { readDataDirLock, type LockHolder } from '../catalog/lock.js';
import { openCatalog } from '../catalog/open-catalog.js';
import type { CrawlSnapshot } from '../catalog/snapshot-store.js';
import { clusterProgress, type ClusterProgress } from '../cluster/progress.js';

export interface StatusReport {
  dataDir: string;
  catalogPath: string;
  /** The run holding the data-dir lock now, if any. */
  runningRun: LockHolder | null;
  /** The newest crawl snapshot (running or finished). */
  crawl: {
    id: number;
    endpoint: string;
    /**
     * `running` (a crawl is listing now, or was cut without a word, e.g. SIGKILL), `failed` (it stopped on an
     * error: see `error`), `interrupted` (stopped by a signal), `finished`. Failed and interrupted crawls
     * resume where they stopped.
     */
    status: string;
    /** Why a failed or interrupted crawl stopped (`CODE: message`); null otherwise. */
    error: string | null;
    startedAt: string;
    finishedAt: string | null;
    pages: number;
    models: number;
  } | null;
  /** The current selection. */
  selection: {
    id: number;
    method: string;
    shrinkage: number | null;
    top: number | null;
    count: number;
    total: number;
    shards: number;
    createdAt: string;
  } | null;
  /** The download ledger; null before any download ran. */
  download: (LedgerReport & { succeeded: boolean }) | null;
  /** A cluster run's workers, from their own ledgers (live, before any merge); null without a plan. */
  cluster: ClusterProgress | null;
}

/** A running snapshot with a recorded error is a failed (or interrupted) crawl, unless a crawl runs now. */
function crawlState(
  snapshot: CrawlSnapshot,
  runningRun: LockHolder | null,
): { status: string; error: string | null } {
  const listingNow = runningRun !== null && ['crawl', 'run'].includes(runningRun.command);
  if (snapshot.status !== 'running' || snapshot.lastError === null || listingNow) {
    return { status: snapshot.status, error: null };
  }
  return {
    status: snapshot.lastError.startsWith('ABORTED:') ? 'interrupted' : 'failed',
    error: snapshot.lastError,
  };
}

export function status(dataDir: string): StatusReport {
  const catalog = openCatalog(dataDir, { readonly: true });
  try {
    const snapshot = catalog.snapshots.current();
    const selection = catalog.selections.current();
    const report = catalog.ledgerReport();
    const runningRun = readDataDirLock(dataDir);
    return {
      dataDir,
      catalogPath: catalog.path,
      runningRun,
      crawl:
        snapshot === null
          ? null
          : {
              id: snapshot.id,
              endpoint: snapshot.endpoint,
              ...crawlState(snapshot, runningRun),
              startedAt: snapshot.startedAt,
              finishedAt: snapshot.finishedAt,
              pages: snapshot.pages,
              models: snapshot.models,
            },
      selection:
        selection === null
          ? null
          : {
              id: selection.id,
              method: selection.method,
              shrinkage: selection.shrinkage,
              top: selection.top,
              count: selection.count,
              total: selection.total,
              shards: selection.shards,
              createdAt: selection.createdAt,
            },
      download:
        report === null || report.repos.total === 0
          ? null
          : { ...report, succeeded: report.repos.failed === 0 },
      cluster: clusterProgress(dataDir),
    };
  } finally {
    catalog.close();
  }
}
