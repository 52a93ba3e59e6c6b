/**
 * The relation tables the report reads (licenses, libraries, languages, architectures, lineage, and the
 * weight columns) must exist for the snapshot it shows. A snapshot crawled before the catalog had them, or
 * with `crawl --no-relations`, has none.
 *
 * The choice: the report derives them then, as export does (`ensureRelations` under the data-dir lock, once:
 * a pass over the stored raw items, no request), so its figures always come from the same tables as the
 * Parquet/SQL ones; the page itself is still read from a read-only connection. When it cannot write (another
 * run holds the lock, e.g. a crawl that will derive them itself, or the data dir is read-only), it does not
 * parse the raw items a second way: it draws what the tables do not feed and says in the page and summary
 * why the others are empty. A report over a catalog that is current writes nothing, as before.
 */
import {
  acquireDataDirLock,
  openCatalog,
  type Catalog,
  type CrawlSnapshot,
  type ReleaseLock,
} from '../catalog/index.js';
import { RELATIONS_VERSION } from '../catalog/relation-store.js';
import { ensureRelations } from '../crawl/ensure-relations.js';
import { CatalogError, CatalogLockedError, DataDirError } from '../errors.js';

export interface PreparedRelations {
  /** Models whose relations this report derived (0: they were there, or could not be derived). */
  derivedModels: number;
  /** Why they are missing and could not be derived now; null when the tables are current. */
  missing: string | null;
}

export function relationsCurrent(snapshot: CrawlSnapshot): boolean {
  return snapshot.relationsVersion === RELATIONS_VERSION;
}

function reportedSnapshot(catalog: Catalog): CrawlSnapshot | null {
  return catalog.snapshots.latestFinished() ?? catalog.snapshots.current();
}

export function prepareRelations(dataDir: string): PreparedRelations {
  const reader = openCatalog(dataDir, { readonly: true });
  let snapshot: CrawlSnapshot | null;
  try {
    snapshot = reportedSnapshot(reader);
  } finally {
    reader.close();
  }
  if (snapshot === null || relationsCurrent(snapshot)) return { derivedModels: 0, missing: null };
  let release: ReleaseLock | undefined;
  try {
    release = acquireDataDirLock(dataDir, 'report');
    const catalog = openCatalog(dataDir);
    try {
      // Under the lock: the snapshot to show may have changed since the read above.
      const current = reportedSnapshot(catalog);
      return { derivedModels: current === null ? 0 : ensureRelations(catalog, current.id), missing: null };
    } finally {
      catalog.close();
    }
  } catch (error) {
    if (
      error instanceof CatalogLockedError ||
      error instanceof DataDirError ||
      error instanceof CatalogError
    ) {
      return { derivedModels: 0, missing: error.message };
    }
    throw error;
  } finally {
    release?.();
  }
}
