/**
 * `status(dataDir)`: what the catalog and the ledger say, at any time (also while a run holds the lock: the
 * catalog is read in WAL mode without blocking it). The CLI prints it or `--json`s it.
 */
import type { LedgerReport } from '../catalog/ledger-report.js';
import { readDataDirLock, type LockHolder } from '../catalog/lock.js';
import { openCatalog } from '../catalog/open-catalog.js';

export interface StatusReport {
  dataDir: string;
  catalogPath: string;
  /** The run holding the data-dir lock now, if any. */
  runningRun: LockHolder | null;
  /** The newest crawl snapshot (running or finished). */
  crawl: {
    id: number;
    endpoint: string;
    status: string;
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
}

export function status(dataDir: string): StatusReport {
  const catalog = openCatalog(dataDir, { readonly: true });
  try {
    const snapshot = catalog.snapshots.current();
    const selection = catalog.selections.current();
    const report = catalog.ledgerReport();
    return {
      dataDir,
      catalogPath: catalog.path,
      runningRun: readDataDirLock(dataDir),
      crawl:
        snapshot === null
          ? null
          : {
              id: snapshot.id,
              endpoint: snapshot.endpoint,
              status: snapshot.status,
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
    };
  } finally {
    catalog.close();
  }
}
