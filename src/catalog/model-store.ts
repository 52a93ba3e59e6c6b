/**
 * The `models` table: rows per crawl snapshot, written page by page by the snapshot store's page commit and read
 * back as streams (never the whole table in memory).
 */
import type { Database } from 'better-sqlite3';
import { CatalogError } from '../errors.js';
import type { ListedModel, ModelRecord } from '../types.js';
import { keyset } from './keyset.js';
import { type ModelRow, toModelRow, weightColumns } from './model-row.js';

const BATCH_ROWS = 1000;

/** A catalogued model's columns as selection, export and the downloader read them. */
export interface CatalogModel {
  id: string;
  seq: number;
  author: string | null;
  sha: string | null;
  downloads: number;
  likes: number;
  private: boolean;
  gated: 'auto' | 'manual' | null;
  disabled: boolean;
  pipelineTag: string | null;
  libraryName: string | null;
  tags: string[];
  /** cardData.datasets, as strings. */
  cardDatasets: string[];
  /** config.model_type. */
  modelType: string | null;
  /** config.architectures. */
  architectures: string[];
}

export interface ModelStore {
  /**
   * Inserts one page of listed models at listing positions `firstSeq`, `firstSeq + 1`, ... and returns how many
   * were new. A model listed twice in one snapshot (the listing shifted under the cursor) keeps its first
   * position and takes the later item's values. Call inside the page-commit transaction. `seqs` receives
   * the position each item is stored at, and `updated` the positions of models that were already stored.
   */
  insertPage(
    snapshotId: number,
    firstSeq: number,
    items: readonly ListedModel[],
    positions?: { seqs: number[]; updated: number[] },
  ): number;
  count(snapshotId: number): number;
  get(snapshotId: number, id: string): CatalogModel | null;
  /** The raw items' JSON texts in listing order, streamed in batches (no statement stays open). */
  iterateRaw(snapshotId: number): Generator<string>;
  /** `[seq, raw]` pairs in listing order from `after` (exclusive), at most `limit` of them. */
  rawBatch(snapshotId: number, after: number, limit: number): Array<{ seq: number; raw: string }>;
  /** Rewrites the weight-fact columns (migration 6) of the model at `seq`. */
  updateWeightColumns(snapshotId: number, seq: number, model: ModelRecord): void;
  /** Repo ids in listing order, streamed in batches. */
  iterateIds(snapshotId: number): Generator<string>;
  /** Deletes up to `limit` rows of a snapshot; returns how many. */
  deleteBatch(snapshotId: number, limit: number): number;
}

export interface CatalogModelRow {
  id: string;
  seq: number;
  author: string | null;
  sha: string | null;
  downloads: number;
  likes: number;
  private: number;
  gated: 'auto' | 'manual' | null;
  disabled: number;
  pipeline_tag: string | null;
  library_name: string | null;
  tags: string;
  card_datasets: string;
  model_type: string | null;
  architectures: string;
}

const COLUMNS = [
  'snapshot_id',
  'seq',
  'id',
  'mongo_id',
  'author',
  'sha',
  'last_modified',
  'created_at',
  'private',
  'gated',
  'disabled',
  'downloads',
  'downloads_all_time',
  'likes',
  'library_name',
  'pipeline_tag',
  'used_storage',
  'tags',
  'card_datasets',
  'model_type',
  'architectures',
  'raw',
  'trending_score',
  'parameters',
  'gguf_parameters',
  'gguf_architecture',
  'gguf_context_length',
  'gguf_chat_template',
] as const;
type Column = (typeof COLUMNS)[number];
const UPDATABLE = COLUMNS.filter(
  (c): c is Exclude<Column, 'snapshot_id' | 'seq' | 'id'> => c !== 'snapshot_id' && c !== 'seq' && c !== 'id',
);
const ROW_COLUMNS = COLUMNS.filter(
  (c): c is Exclude<Column, 'snapshot_id' | 'seq'> => c !== 'snapshot_id' && c !== 'seq',
);

/**
 * Positional parameters: binding 23 named ones costs better-sqlite3 a property lookup each, which was a
 * sixth of the crawl's CPU in a profile at 100k models.
 */
function insertValues(row: ModelRow, snapshotId: number, seq: number): unknown[] {
  const values: unknown[] = [snapshotId, seq];
  for (const c of ROW_COLUMNS) values.push(row[c]);
  return values;
}

function updateValues(row: ModelRow, snapshotId: number): unknown[] {
  const values: unknown[] = [];
  for (const c of UPDATABLE) values.push(row[c]);
  values.push(snapshotId, row.id);
  return values;
}

export const CATALOG_MODEL_COLUMNS =
  'id, seq, author, sha, downloads, likes, private, gated, disabled, pipeline_tag, library_name, tags, ' +
  'card_datasets, model_type, architectures';

export function createModelStore(db: Database): ModelStore {
  const insert = db.prepare<unknown[]>(
    `INSERT OR IGNORE INTO models (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
  );
  const update = db.prepare<unknown[]>(
    `UPDATE models SET ${UPDATABLE.map((c) => `${c} = ?`).join(', ')} WHERE snapshot_id = ? AND id = ?`,
  );
  const count = db.prepare<[number], number>('SELECT count(*) FROM models WHERE snapshot_id = ?').pluck();
  const get = db.prepare<[number, string], CatalogModelRow>(
    `SELECT ${CATALOG_MODEL_COLUMNS} FROM models WHERE snapshot_id = ? AND id = ?`,
  );
  const raw = db.prepare<[number, number, number], { seq: number; raw: string }>(
    'SELECT seq, raw FROM models WHERE snapshot_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const ids = db.prepare<[number, number, number], { seq: number; id: string }>(
    'SELECT seq, id FROM models WHERE snapshot_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const WEIGHT = Object.keys(
    weightColumns({ trendingScore: null, safetensors: null, gguf: null } as ModelRecord),
  );
  const updateWeight = db.prepare<unknown[]>(
    `UPDATE models SET ${WEIGHT.map((c) => `${c} = ?`).join(', ')} WHERE snapshot_id = ? AND seq = ?`,
  );
  const seqOf = db
    .prepare<[number, string], number>('SELECT seq FROM models WHERE snapshot_id = ? AND id = ?')
    .pluck();
  const deleteBatch = db.prepare<[number, number]>(
    'DELETE FROM models WHERE rowid IN (SELECT rowid FROM models WHERE snapshot_id = ? LIMIT ?)',
  );

  return {
    insertPage(snapshotId, firstSeq, items, positions) {
      let added = 0;
      items.forEach((item, i) => {
        const row = toModelRow(item);
        const seq = firstSeq + i;
        if (insert.run(insertValues(row, snapshotId, seq)).changes === 1) {
          added += 1;
          positions?.seqs.push(seq);
          return;
        }
        if (update.run(updateValues(row, snapshotId)).changes !== 1) {
          throw new CatalogError(`could not store ${row.id} at listing position ${seq}`, { repoId: row.id });
        }
        if (positions !== undefined) {
          const stored = seqOf.get(snapshotId, row.id) as number;
          positions.seqs.push(stored);
          positions.updated.push(stored);
        }
      });
      return added;
    },
    count: (snapshotId) => count.get(snapshotId) ?? 0,
    get(snapshotId, id) {
      const row = get.get(snapshotId, id);
      return row === undefined ? null : toCatalogModel(row);
    },
    *iterateRaw(snapshotId) {
      for (const row of keyset(
        (after) => raw.all(snapshotId, after, BATCH_ROWS),
        (r) => r.seq,
      ))
        yield row.raw;
    },
    rawBatch: (snapshotId, after, limit) => raw.all(snapshotId, after, limit),
    updateWeightColumns(snapshotId, seq, model) {
      updateWeight.run([...Object.values(weightColumns(model)), snapshotId, seq]);
    },
    *iterateIds(snapshotId) {
      for (const row of keyset(
        (after) => ids.all(snapshotId, after, BATCH_ROWS),
        (r) => r.seq,
      ))
        yield row.id;
    },
    deleteBatch: (snapshotId, limit) => deleteBatch.run(snapshotId, limit).changes,
  };
}

export function toCatalogModel(row: CatalogModelRow): CatalogModel {
  return {
    id: row.id,
    seq: row.seq,
    author: row.author,
    sha: row.sha,
    downloads: row.downloads,
    likes: row.likes,
    private: row.private === 1,
    gated: row.gated,
    disabled: row.disabled === 1,
    pipelineTag: row.pipeline_tag,
    libraryName: row.library_name,
    tags: JSON.parse(row.tags) as string[],
    cardDatasets: JSON.parse(row.card_datasets) as string[],
    modelType: row.model_type,
    architectures: JSON.parse(row.architectures) as string[],
  };
}
