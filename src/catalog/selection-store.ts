/**
 * The selection: which catalogued models, in which rank order, the downloader fetches and the export describes.
 * `selections` keeps one row per select run (the latest is current); `selected_models` holds the current
 * selection's rows, replaced together with it in one transaction.
 */
import { ensureRankingIndex } from './ranking-index.js';
import type { Database } from 'better-sqlite3';
import { keyset } from './keyset.js';
import {
  CATALOG_MODEL_COLUMNS,
  type CatalogModel,
  type CatalogModelRow,
  toCatalogModel,
} from './model-store.js';

const BATCH_ROWS = 1000;
const LINE_CHUNK_ROWS = 10_000;

export type SelectionMethod = 'shrinkage' | 'top';

export interface Selection {
  id: number;
  /** The crawl snapshot it ranked. */
  snapshotId: number;
  method: SelectionMethod;
  shrinkage: number | null;
  top: number | null;
  /** Models in the snapshot (N). */
  total: number;
  /** Models selected. */
  count: number;
  shards: number;
  /** The base of the split_urls lines. */
  endpoint: string;
  createdAt: string;
}

export interface SelectedModel {
  /** 0-based: 0 is the most downloaded. */
  rank: number;
  id: string;
  /** `main` at listing time. */
  sha: string | null;
  downloads: number;
}

/** What select stores: a Selection before the catalog gives it an id and a time. */
export type NewSelection = Omit<Selection, 'id' | 'createdAt'> & { now: string };

export interface SelectionStore {
  current(): Selection | null;
  /**
   * Replaces the current selection with the first `count` models of the snapshot by downloads descending, then
   * id ascending (byte order), in one transaction. The ranking runs inside SQLite over the
   * `models_by_downloads` index: no row passes through JavaScript.
   */
  replace(input: NewSelection): Selection;
  /** The current selection's rows in rank order, streamed (read in batches: no statement stays open). */
  iterate(): Generator<SelectedModel>;
  /** The selected rows in rank order with their catalogued model (null if the snapshot lacks it), streamed. */
  iterateWithModels(snapshotId: number): Generator<{ selected: SelectedModel; model: CatalogModel | null }>;
  get(id: string): SelectedModel | null;
  /**
   * `<prefix><id>\n` for the ranks in [fromRank, toRank), in rank order, as texts of up to 10,000 lines built
   * inside SQLite (the split_urls files at 3M models).
   */
  lineChunks(prefix: string, fromRank: number, toRank: number): Generator<string>;
}

interface SelectionRow {
  id: number;
  snapshot_id: number;
  method: SelectionMethod;
  shrinkage: number | null;
  top: number | null;
  total: number;
  count: number;
  shards: number;
  endpoint: string;
  created_at: string;
}

type JoinedRow = { rank: number; sel_id: string; sel_sha: string | null; sel_downloads: number } & (
  CatalogModelRow | { [K in keyof CatalogModelRow]: null }
);

export function createSelectionStore(db: Database): SelectionStore {
  const current = db.prepare<[], SelectionRow>('SELECT * FROM selections ORDER BY id DESC LIMIT 1');
  const insertSelection = db.prepare<Omit<NewSelection, 'now'> & { now: string }>(
    `INSERT INTO selections (snapshot_id, method, shrinkage, top, total, count, shards, endpoint, created_at)
     VALUES (@snapshotId, @method, @shrinkage, @top, @total, @count, @shards, @endpoint, @now)`,
  );
  const clear = db.prepare('DELETE FROM selected_models');
  const dropIdIndex = db.prepare('DROP INDEX IF EXISTS selected_models_by_id');
  const rank = db.prepare<[number, number]>(
    `INSERT INTO selected_models (rank, id, sha, downloads)
     SELECT row_number() OVER (ORDER BY downloads DESC, id ASC) - 1, id, sha, downloads
       FROM models WHERE snapshot_id = ?
      ORDER BY downloads DESC, id ASC
      LIMIT ?`,
  );
  const batch = db.prepare<[number, number], SelectedModel>(
    'SELECT rank, id, sha, downloads FROM selected_models WHERE rank > ? ORDER BY rank LIMIT ?',
  );
  const one = db.prepare<[string], SelectedModel>(
    'SELECT rank, id, sha, downloads FROM selected_models WHERE id = ?',
  );
  const joinedBatch = db.prepare<[number, number, number], JoinedRow>(
    `SELECT s.rank, s.id AS sel_id, s.sha AS sel_sha, s.downloads AS sel_downloads,
            ${CATALOG_MODEL_COLUMNS.split(', ')
              .map((c) => `m.${c}`)
              .join(', ')}
       FROM selected_models s LEFT JOIN models m ON m.snapshot_id = ? AND m.id = s.id
      WHERE s.rank > ? ORDER BY s.rank LIMIT ?`,
  );

  const lineChunk = db.prepare<
    { prefix: string; after: number; to: number; limit: number },
    { last: number | null; text: string | null }
  >(
    // an id holding a line break or tab (a hostile listing) must not add or split lines: those characters are
    // percent-encoded, so the line names the id as a URL would (and the download refuses the id)
    `SELECT max(rank) AS last, group_concat(@prefix || ${escapedId('id')} || char(10), '' ORDER BY rank) AS text
       FROM (SELECT rank, id FROM selected_models WHERE rank > @after AND rank < @to ORDER BY rank LIMIT @limit)`,
  );

  const replace = db.transaction((input: NewSelection): Selection => {
    ensureRankingIndex(db); // a crawl killed midway leaves it dropped (ranking-index.ts)
    clear.run();
    // Inserting 3M rows in rank order into a unique index on id costs 4x building it afterwards from sorted
    // keys; the transaction makes the index's absence invisible to readers.
    dropIdIndex.run();
    rank.run(input.snapshotId, input.count);
    db.exec('CREATE UNIQUE INDEX selected_models_by_id ON selected_models (id)');
    const { now, ...rest } = input;
    insertSelection.run({ ...rest, now });
    return fromRow(current.get()) as Selection;
  });

  return {
    current: () => fromRow(current.get()),
    replace: (input) => replace.immediate(input),
    iterate: () =>
      keyset(
        (after) => batch.all(after, BATCH_ROWS),
        (row) => row.rank,
      ),
    *iterateWithModels(snapshotId) {
      const rows = keyset(
        (after) => joinedBatch.all(snapshotId, after, BATCH_ROWS),
        (row) => row.rank,
      );
      for (const row of rows) {
        const selected = { rank: row.rank, id: row.sel_id, sha: row.sel_sha, downloads: row.sel_downloads };
        yield { selected, model: row.id === null ? null : toCatalogModel(row) };
      }
    },
    get: (id) => one.get(id) ?? null,
    *lineChunks(prefix, fromRank, toRank) {
      let after = fromRank - 1;
      for (;;) {
        const chunk = lineChunk.get({ prefix, after, to: toRank, limit: LINE_CHUNK_ROWS });
        if (chunk === undefined || chunk.last === null || chunk.text === null) return;
        yield chunk.text;
        after = chunk.last;
      }
    },
  };
}

/** SQL for `column` with `%`, CR, LF and TAB percent-encoded (`%` first, so the encoding reads back exactly). */
function escapedId(column: string): string {
  const pairs: Array<[string, string]> = [
    ["'%'", "'%25'"],
    ['char(13)', "'%0D'"],
    ['char(10)', "'%0A'"],
    ['char(9)', "'%09'"],
  ];
  return pairs.reduce((expr, [from, to]) => `replace(${expr}, ${from}, ${to})`, column);
}

function fromRow(row: SelectionRow | undefined): Selection | null {
  if (row === undefined) return null;
  return {
    id: row.id,
    snapshotId: row.snapshot_id,
    method: row.method,
    shrinkage: row.shrinkage,
    top: row.top,
    total: row.total,
    count: row.count,
    shards: row.shards,
    endpoint: row.endpoint,
    createdAt: row.created_at,
  };
}
