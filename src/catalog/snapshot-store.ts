/**
 * Crawl snapshots: one row per crawl, with the cursor it resumes from, and the page commit that stores a page's
 * models together with the cursor in one transaction.
 *
 * Lifecycle: `running` (pages being added; `next_url` is where to go on) → `finished` (the last page had no
 * next link). A running crawl replaced by a fresh one becomes `abandoned`. The models of abandoned snapshots and
 * of finished snapshots older than the latest finished one are pruned (rows deleted, the snapshot row kept as
 * history with `pruned_at`), so a fresh crawl keeps the previous dataset usable until it has finished itself.
 */
import type { Database } from 'better-sqlite3';
import { CatalogError } from '../errors.js';
import { scrubSecrets } from '../secrets.js';
import type { ListModelsQuery } from '../hub/hub-client.js';
import type { ListedModel, ModelRelations } from '../types.js';
import type { ModelStore } from './model-store.js';
import { RELATIONS_VERSION, type RelationStore } from './relation-store.js';
import { ensureRankingIndex } from './ranking-index.js';

export type SnapshotStatus = 'running' | 'finished' | 'abandoned';

/** `expand`: one `expand=` per property; `full`: the `full=true&cardData=true&config=true` fallback. */
export type QueryMode = 'expand' | 'full';

export interface CrawlSnapshot {
  id: number;
  endpoint: string;
  query: ListModelsQuery;
  queryMode: QueryMode;
  status: SnapshotStatus;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** The next page to fetch; null before the first page is stored and after the last. */
  nextUrl: string | null;
  pages: number;
  /** Items received, duplicates included. */
  listed: number;
  /** Distinct models stored. */
  models: number;
  prunedAt: string | null;
  /**
   * Why the last run of this crawl stopped before its end (`CODE: message`, the token scrubbed); null once
   * a page commits again. A running snapshot with an error is a failed (or interrupted) crawl, resumable.
   */
  lastError: string | null;
  lastErrorAt: string | null;
  /**
   * The derivation version its relation tables were written with; null when they were not (crawled before
   * the catalog had them: `ensureRelations` derives them from the raw items).
   */
  relationsVersion: number | null;
}

export interface StoredPage {
  items: readonly ListedModel[];
  /** The relations of each item (same order); stored with the page when the snapshot derives them. */
  relations?: readonly ModelRelations[];
  nextUrl: string | null;
  /** The snapshot's page count this page follows; a mismatch means another writer got in (never with the lock). */
  expectedPages: number;
  /** ISO-8601 time of the commit. */
  now: string;
}

export interface SnapshotStore {
  get(id: number): CrawlSnapshot | null;
  /** The newest snapshot that is running or finished: the one a crawl resumes or reports. */
  current(): CrawlSnapshot | null;
  /** The newest finished snapshot: what select and export read. */
  latestFinished(): CrawlSnapshot | null;
  /** Every snapshot, oldest first (history for `status`). */
  list(): CrawlSnapshot[];
  start(input: {
    endpoint: string;
    query: ListModelsQuery;
    queryMode: QueryMode;
    now: string;
  }): CrawlSnapshot;
  /** Changes the query of a snapshot that has stored no page yet (the expand → full fallback). */
  setQuery(id: number, query: ListModelsQuery, queryMode: QueryMode, now: string): void;
  /**
   * Stores a page's models, its next URL and the counters in one transaction; when `nextUrl` is null the
   * snapshot is finished in the same transaction. Returns the snapshot after the commit.
   */
  commitPage(id: number, page: StoredPage): CrawlSnapshot;
  /** Records why a running snapshot's crawl stopped (it stays resumable). */
  recordError(id: number, error: string, now: string): void;
  /** Marks a running snapshot abandoned (its rows are then pruned by `prune`). */
  abandon(id: number, now: string): void;
  /**
   * Deletes the model rows of abandoned snapshots and of finished ones older than the latest finished one,
   * in batches so the WAL stays small. Idempotent; a crash midway is finished by the next call. Returns the
   * number of rows deleted.
   */
  prune(now: string): number;
  /** Records that every model of the snapshot has its relations derived at `version`. */
  markRelations(id: number, version: number | null): void;
}

interface SnapshotRow {
  id: number;
  endpoint: string;
  query: string;
  query_mode: QueryMode;
  status: SnapshotStatus;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  next_url: string | null;
  pages: number;
  listed: number;
  models: number;
  pruned_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  relations_version: number | null;
}

const PRUNE_BATCH_ROWS = 20_000;

export function createSnapshotStore(
  db: Database,
  models: ModelStore,
  relations: RelationStore,
): SnapshotStore {
  const byId = db.prepare<[number], SnapshotRow>('SELECT * FROM crawl_snapshots WHERE id = ?');
  const current = db.prepare<[], SnapshotRow>(
    `SELECT * FROM crawl_snapshots WHERE status IN ('running', 'finished') ORDER BY id DESC LIMIT 1`,
  );
  const latestFinished = db.prepare<[], SnapshotRow>(
    `SELECT * FROM crawl_snapshots WHERE status = 'finished' ORDER BY id DESC LIMIT 1`,
  );
  const all = db.prepare<[], SnapshotRow>('SELECT * FROM crawl_snapshots ORDER BY id');
  const insert = db.prepare<[string, string, QueryMode, string, string]>(
    `INSERT INTO crawl_snapshots (endpoint, query, query_mode, status, started_at, updated_at, relations_version)
     VALUES (?, ?, ?, 'running', ?, ?, ${RELATIONS_VERSION})`,
  );
  const updateQuery = db.prepare<[string, QueryMode, string, number]>(
    `UPDATE crawl_snapshots SET query = ?, query_mode = ?, updated_at = ?
     WHERE id = ? AND status = 'running' AND pages = 0`,
  );
  const advance = db.prepare<{
    id: number;
    expected: number;
    next: string | null;
    listed: number;
    added: number;
    now: string;
  }>(
    `UPDATE crawl_snapshots
        SET pages = pages + 1, listed = listed + @listed, models = models + @added, next_url = @next,
            updated_at = @now, last_error = NULL, last_error_at = NULL,
            status = CASE WHEN @next IS NULL THEN 'finished' ELSE status END,
            finished_at = CASE WHEN @next IS NULL THEN @now ELSE finished_at END
      WHERE id = @id AND status = 'running' AND pages = @expected`,
  );
  const setError = db.prepare<[string, string, string, number]>(
    `UPDATE crawl_snapshots SET last_error = ?, last_error_at = ?, updated_at = ? WHERE id = ? AND status = 'running'`,
  );
  const markAbandoned = db.prepare<[string, number]>(
    `UPDATE crawl_snapshots SET status = 'abandoned', updated_at = ? WHERE id = ? AND status = 'running'`,
  );
  const stale = db.prepare<[], { id: number }>(
    `SELECT id FROM crawl_snapshots
      WHERE pruned_at IS NULL
        AND (status = 'abandoned'
             OR (status = 'finished'
                 AND id < (SELECT max(id) FROM crawl_snapshots WHERE status = 'finished')))`,
  );
  const markPruned = db.prepare<[string, number]>('UPDATE crawl_snapshots SET pruned_at = ? WHERE id = ?');
  const markRelations = db.prepare<[number | null, number]>(
    'UPDATE crawl_snapshots SET relations_version = ? WHERE id = ?',
  );

  const get = (id: number): CrawlSnapshot | null => fromRow(byId.get(id));

  const commitPage = db.transaction((id: number, page: StoredPage): CrawlSnapshot => {
    const before = get(id);
    if (before === null) throw new CatalogError(`crawl snapshot ${id} does not exist`);
    const positions = { seqs: [] as number[], updated: [] as number[] };
    const added = models.insertPage(id, before.listed, page.items, positions);
    if (page.relations !== undefined && before.relationsVersion !== null) {
      const derived = page.relations;
      // A model listed twice in one page: its last item's relations win, as its columns do.
      const bySeq = new Map(positions.seqs.map((seq, i) => [seq, derived[i] as ModelRelations]));
      const entries = [...bySeq].map(([seq, rel]) => ({ seq, relations: rel }));
      relations.insertPage(id, entries, positions.updated);
    } else if (before.relationsVersion !== null) {
      // A page stored without its relations: the snapshot's tables are incomplete until `ensureRelations`.
      markRelations.run(null, id);
    }
    const changed = advance.run({
      id,
      expected: page.expectedPages,
      next: page.nextUrl,
      listed: page.items.length,
      added,
      now: page.now,
    }).changes;
    // A finished snapshot is always rankable: the index comes with the commit that finishes it.
    if (changed === 1 && page.nextUrl === null) ensureRankingIndex(db);
    if (changed !== 1) {
      throw new CatalogError(
        `crawl snapshot ${id} changed under this run (status ${before.status}, ${before.pages} pages, ` +
          `expected ${page.expectedPages}): is another process writing this catalog without the lock?`,
      );
    }
    return get(id) as CrawlSnapshot;
  });

  return {
    get,
    current: () => fromRow(current.get()),
    latestFinished: () => fromRow(latestFinished.get()),
    list: () => all.all().map((row) => fromRow(row) as CrawlSnapshot),
    start({ endpoint, query, queryMode, now }) {
      const id = Number(insert.run(endpoint, JSON.stringify(query), queryMode, now, now).lastInsertRowid);
      return get(id) as CrawlSnapshot;
    },
    setQuery(id, query, queryMode, now) {
      if (updateQuery.run(JSON.stringify(query), queryMode, now, id).changes !== 1) {
        throw new CatalogError(`crawl snapshot ${id} already has pages: its query cannot change`);
      }
    },
    commitPage: (id, page) => commitPage.immediate(id, page),
    recordError(id, error, now) {
      // Text entering the catalog: a server's echo of the token never gets stored.
      setError.run(scrubSecrets(error), now, now, id);
    },
    abandon(id, now) {
      markAbandoned.run(now, id);
    },
    prune(now) {
      let deleted = 0;
      for (const { id } of stale.all()) {
        for (;;) {
          const n = models.deleteBatch(id, PRUNE_BATCH_ROWS);
          deleted += n;
          if (n < PRUNE_BATCH_ROWS) break;
        }
        while (relations.deleteBatch(id, PRUNE_BATCH_ROWS / 10) > 0);
        markPruned.run(now, id);
      }
      return deleted;
    },
    markRelations(id, version) {
      markRelations.run(version, id);
    },
  };
}

function fromRow(row: SnapshotRow | undefined): CrawlSnapshot | null {
  if (row === undefined) return null;
  return {
    id: row.id,
    endpoint: row.endpoint,
    query: JSON.parse(row.query) as ListModelsQuery,
    queryMode: row.query_mode,
    status: row.status,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    nextUrl: row.next_url,
    pages: row.pages,
    listed: row.listed,
    models: row.models,
    prunedAt: row.pruned_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    relationsVersion: row.relations_version,
  };
}
