/**
 * Opens `<data-dir>/huggingface/catalog.db`, migrated to the latest schema, with typed stores over it. Stage
 * modules (crawl, select, export, download) call the stores; SQL stays inside src/catalog.
 */
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { CatalogError } from '../errors.js';
import { catalogPath, ensureDataDir, requireCatalog } from './data-dir.js';
import { createHistoryStore, type HistoryStore } from './history-store.js';
import { createLedger, type Ledger } from './ledger.js';
import { hasLedger, ledgerReport, type LedgerReport } from './ledger-report.js';
import { createManifestStore, type ManifestStore } from './manifest-store.js';
import { MIGRATIONS, migrate, userVersion } from './migrations.js';
import { createModelCardStore, type ModelCardStore } from './model-card-store.js';
import { suspendRankingIndex } from './ranking-index.js';
import { createModelStore, type ModelStore } from './model-store.js';
import { createRelationStore, type RelationStore } from './relation-store.js';
import { createResearchStore, type ResearchStore } from './research-store.js';
import { createSelectionStore, type SelectionStore } from './selection-store.js';
import { createSnapshotStore, type SnapshotStore } from './snapshot-store.js';

export interface OpenCatalogOptions {
  /**
   * Open for reading only (`status`, reports): the catalog must exist, nothing is created or migrated.
   * Default false.
   */
  readonly?: boolean;
  /** How long a statement waits for another connection's write lock, in milliseconds. Default 10000. */
  busyTimeoutMillis?: number;
  /**
   * SQLite's page cache, in MiB. Default 64: index builds and ranking over millions of rows need it. A reader
   * that only scans (export) needs little: each MiB it does not take is a MiB of its peak memory.
   */
  cacheMiB?: number;
  /** The clock the ledger and the manifest store stamp rows with (tests). Default `Date.now`. */
  now?: () => number;
}

export interface Catalog {
  /** Absolute path of catalog.db. */
  readonly path: string;
  readonly dataDir: string;
  /** The raw connection, for modules inside src/catalog (e.g. the download ledger). Stages use the stores. */
  readonly db: Db;
  readonly snapshots: SnapshotStore;
  readonly models: ModelStore;
  /** The normalized relations of each snapshot's models (licenses, datasets, papers, lineage, ...). */
  readonly relations: RelationStore;
  readonly selections: SelectionStore;
  /** The download ledger (its statements are prepared on first use). */
  readonly ledger: Ledger;
  /** File manifests of pinned commits (prepared on first use). */
  readonly manifests: ManifestStore;
  /** Commits and refs of downloaded repos (`--history`; prepared on first use). */
  readonly history: HistoryStore;
  /** Model cards of downloaded repos (prepared on first use). */
  readonly modelCards: ModelCardStore;
  /** The research tables and the snapshot facts that export writes. */
  readonly research: ResearchStore;
  /** Drops the ranking index for the pages of a crawl; the commit that finishes it rebuilds it (ranking-index.ts). */
  suspendRankingIndex(): void;
  /** False for a catalog without the ledger's tables (an older one opened read-only). */
  hasLedger(): boolean;
  /** What the ledger says, or null when the catalog has no ledger. */
  ledgerReport(): LedgerReport | null;
  close(): void;
}

export function openCatalog(dataDir: string, options: OpenCatalogOptions = {}): Catalog {
  const path = catalogPath(dataDir);
  const readonly = options.readonly ?? false;
  if (readonly) requireCatalog(dataDir);
  if (!readonly) ensureDataDir(dataDir);
  let db: Db;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly });
  } catch (error) {
    throw new CatalogError(`cannot open the catalog ${path}: ${(error as Error).message}`, {
      path,
      cause: error,
    });
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMillis ?? 10_000}`);
    db.pragma(`cache_size = -${Math.round((options.cacheMiB ?? 64) * 1024)}`);
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      // In WAL mode, NORMAL syncs the WAL at checkpoints rather than at every commit. A committed transaction
      // is in the OS page cache when COMMIT returns, so it survives the process being killed (kill -9, OOM):
      // what a crawl or download must survive. Power loss or an OS crash may roll back the last few commits,
      // but never corrupts the database, and every commit is self-consistent (a page's rows and its next URL
      // go together), so a resumed run just redoes those pages. FULL would fsync on every page and buy nothing.
      db.pragma('synchronous = NORMAL');
      // Checkpoint every 64 MiB of WAL instead of every 4 MiB: a crawl dirties the same index leaves page after
      // page, and a checkpoint writes each dirty page back once however often it changed since the last one.
      db.pragma('wal_autocheckpoint = 16384');
      db.pragma('foreign_keys = ON');
      migrate(db);
    } else if (userVersion(db) !== MIGRATIONS.length) {
      throw new CatalogError(
        `the catalog ${path} is at schema version ${userVersion(db)}, this hf-torrent reads ${MIGRATIONS.length}: ` +
          'run a crawl, select or export once to migrate it',
        { path },
      );
    }
  } catch (error) {
    db.close();
    if (error instanceof CatalogError) throw error;
    throw new CatalogError(`cannot prepare the catalog ${path}: ${(error as Error).message}`, {
      path,
      cause: error,
    });
  }
  const models = createModelStore(db);
  const relations = createRelationStore(db);
  const now = options.now ?? Date.now;
  let ledger: Ledger | null = null;
  let manifests: ManifestStore | null = null;
  let history: HistoryStore | null = null;
  let modelCards: ModelCardStore | null = null;
  return {
    path,
    dataDir,
    db,
    snapshots: createSnapshotStore(db, models, relations),
    models,
    relations,
    selections: createSelectionStore(db),
    get ledger() {
      return (ledger ??= createLedger(db, now));
    },
    get manifests() {
      return (manifests ??= createManifestStore(db, now));
    },
    get history() {
      return (history ??= createHistoryStore(db));
    },
    get modelCards() {
      return (modelCards ??= createModelCardStore(db));
    },
    research: createResearchStore(db),
    suspendRankingIndex: () => suspendRankingIndex(db),
    hasLedger: () => hasLedger(db),
    ledgerReport: () => (hasLedger(db) ? ledgerReport(db) : null),
    close: () => {
      if (!db.open) return;
      // Leave the file in rollback-journal mode: a WAL database cannot be opened at all, even read-only,
      // where its folder is not writable (no -shm can be made), and `status` must work on a read-only data
      // dir. The next writer turns WAL on again. Best effort: another connection still open keeps WAL.
      if (!readonly) {
        try {
          db.pragma('journal_mode = DELETE');
        } catch {
          // A reader (status) holds the file open: it stays in WAL mode until the next close.
        }
      }
      db.close();
    },
  };
}
