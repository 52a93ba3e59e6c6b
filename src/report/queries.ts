/**
 * Every query the report runs over the models, in one place: the typed columns of `models`, and the
 * catalog's relation tables (`model_licenses`, `model_base_models`, ...) for every fact the crawl derives
 * (src/crawl/derive-relations.ts decides what a model's licenses, libraries, languages, architectures and
 * bases are; nothing here parses the raw items). So the report counts exactly the rows the exported tables
 * and the PeaTMOSS views hold. (The selection, ledger and snapshot-history queries are in ledger-queries.ts.)
 *
 * Speed at Hub scale (3M models): the typed columns are read once into a small temporary table of category
 * combinations (`report_profiles`), and once more into another (`report_cells`); each relation's counts are
 * a GROUP BY over its link table (integers only), and the lineage a pass over the edges. Every figure is a
 * sum over those. The ranking reads the covering index `models_by_downloads` and never the table.
 * `queryProfiles` and `queryWalk` split that work in two halves, which collect-report.ts runs on two
 * connections in two threads.
 */
import type { Database } from 'better-sqlite3';
import { NAMED_RELATIONS, type NamedRelation } from '../catalog/relation-tables.js';
import type { Count, LineageFacts, LogBin, ReportData } from './report-data.js';
import { logRanks } from './scales.js';

/** Bars per category chart; the rest is summed into one "other" bar. */
export const TOP_CATEGORIES = 20;
/** Longest base-model chain followed (a cycle in the tags cannot loop the query). */
const MAX_CHAIN_DEPTH = 64;
/** The key of models that name no value (no license, no library...). */
const NONE = '(none)';
/** Memory SQLite may use for the report's temporary tables, in KiB. */
const TEMP_CACHE_KIB = 128 * 1024;
/** Bins per decade of the parameter-count histogram, and of the likes/downloads cells. */
const PARAMETER_BINS_PER_DECADE = 4;
const CELL_BINS_PER_DECADE = 2;

/** One half of the figures: every category count and the parameter bins. */
export type ProfileFigures = Pick<
  ReportData,
  | 'licenses'
  | 'libraries'
  | 'tasks'
  | 'architectures'
  | 'modelTypes'
  | 'languages'
  | 'parameters'
  | 'parametersUnknown'
  | 'access'
>;

/** The other half: months, the ranking, likes vs downloads, and the lineage. */
export type WalkFigures = Pick<
  ReportData,
  'createdPerMonth' | 'downloadsByRank' | 'zeroDownloads' | 'likesVsDownloads' | 'lineage'
>;

/**
 * The temporary tables are small (groups, lineage edges), but SQLite's default 2 MiB temp cache would page
 * them to disk while they are built. A bound, not a size: memory stays the same whatever the Hub's size.
 */
function withTempTables<T>(db: Database, tables: readonly string[], run: () => T): T {
  db.pragma(`temp.cache_size = -${TEMP_CACHE_KIB}`);
  try {
    return run();
  } finally {
    db.exec(tables.map((t) => `DROP TABLE IF EXISTS temp.${t};`).join(' '));
  }
}

/**
 * `relations`: whether the snapshot's relation tables (and weight columns) are derived; when not, the figures
 * they feed are left empty rather than drawn from tables that would say "(none)" for every model.
 */
export function queryProfiles(db: Database, snapshotId: number, relations: boolean): ProfileFigures {
  return withTempTables(db, ['report_profiles'], () => {
    buildProfiles(db, snapshotId);
    const profileCounts = (key: string): Count[] =>
      topCounts(db, `SELECT ${key} AS key, n FROM report_profiles`);
    const models =
      db.prepare<[], { n: number | null }>('SELECT sum(n) AS n FROM report_profiles').get()?.n ?? 0;
    const named = (key: NamedRelation['key']): Count[] =>
      relations ? relationCounts(db, key, snapshotId, models) : [];
    return {
      licenses: named('licenses'),
      libraries: named('libraries'),
      tasks: profileCounts('task'),
      architectures: named('architectures'),
      modelTypes: profileCounts('model_type'),
      languages: named('languages'),
      ...(relations ? parameters(db) : { parameters: [], parametersUnknown: 0 }),
      access: db
        .prepare<[], Count>(
          'SELECT access AS key, sum(n) AS count FROM report_profiles GROUP BY access ORDER BY count DESC, key',
        )
        .all(),
    };
  });
}

export function queryWalk(db: Database, snapshotId: number, relations: boolean): WalkFigures {
  return withTempTables(db, ['report_cells', 'report_first_base'], () => {
    buildCells(db, snapshotId);
    const walk = relations ? lineage(db, snapshotId) : { edgesByRelation: [], depths: [], topBases: [] };
    return { ...popularity(db, snapshotId), lineage: walk };
  });
}

/**
 * The one pass over the models' typed columns the profiles need: models counted by task, model type, access
 * and parameter bin. A few thousand combinations stand for millions of models; each count is a sum over them.
 *
 * Counted by upsert into a table keyed by the combination rather than by GROUP BY: a GROUP BY sorts every
 * model first (millions of rows), an upsert only looks its combination up among the few thousand. Keys are
 * never NULL (a NULL key never conflicts, so it would not be counted together): "(none)" and -1 stand in.
 * The parameter count is the typed weight columns (safetensors total, else the GGUF header's), which the
 * crawl fills with the relation tables.
 */
function buildProfiles(db: Database, snapshotId: number): void {
  db.exec(`CREATE TEMP TABLE report_profiles (
    task TEXT NOT NULL, model_type TEXT NOT NULL, access TEXT NOT NULL, pbin INTEGER NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (task, model_type, access, pbin))`);
  db.prepare(
    `INSERT INTO report_profiles
     SELECT coalesce(pipeline_tag, '${NONE}'), coalesce(model_type, '${NONE}'),
            CASE WHEN disabled THEN 'disabled' WHEN gated IS NULL THEN 'open' ELSE 'gated (' || gated || ')' END,
            CASE WHEN coalesce(parameters, gguf_parameters) >= 1
                 THEN CAST(floor(log10(coalesce(parameters, gguf_parameters)) * ${PARAMETER_BINS_PER_DECADE}) AS INTEGER)
                 ELSE -1 END,
            1
       FROM models WHERE snapshot_id = ? AND true -- (SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT)
     ON CONFLICT DO UPDATE SET n = n + 1`,
  ).run(snapshotId);
}

/**
 * Models per name of one relation table (a model naming several counts once under each), and the models
 * naming none as "(none)". The link table's key (snapshot, model, name id) makes each row one model. Here a
 * GROUP BY is fine: it sorts name ids read from a table of integers, not wide model rows, and the models
 * naming any are counted along the key, without a sort.
 */
function relationCounts(
  db: Database,
  key: NamedRelation['key'],
  snapshotId: number,
  models: number,
): Count[] {
  const { table, link, idColumn } = NAMED_RELATIONS.find((r) => r.key === key) as NamedRelation;
  return topCounts(
    db,
    `SELECT t.name AS key, c.n
       FROM (SELECT ${idColumn} AS id, count(*) AS n FROM ${link} WHERE snapshot_id = ? GROUP BY 1) AS c
       JOIN ${table} AS t ON t.id = c.id
     UNION ALL
     SELECT NULL, n FROM (SELECT ? - count(DISTINCT model_seq) AS n FROM ${link} WHERE snapshot_id = ?) WHERE n > 0`,
    [snapshotId, models, snapshotId],
  );
}

/** The pass over the typed columns: models per creation month and (downloads, likes) cell, by upsert too. */
function buildCells(db: Database, snapshotId: number): void {
  db.exec(`CREATE TEMP TABLE report_cells (
    month TEXT NOT NULL, downloaded INTEGER NOT NULL, dcell INTEGER NOT NULL, lcell INTEGER NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (month, downloaded, dcell, lcell))`);
  db.prepare(
    `INSERT INTO report_cells
     SELECT coalesce(substr(created_at, 1, 7), ''), downloads > 0,
            CAST(floor(log10(max(downloads, 0) + 1) * ${CELL_BINS_PER_DECADE}) AS INTEGER),
            CAST(floor(log10(max(likes, 0) + 1) * ${CELL_BINS_PER_DECADE}) AS INTEGER),
            1
       FROM models WHERE snapshot_id = ? AND true
     ON CONFLICT DO UPDATE SET n = n + 1`,
  ).run(snapshotId);
}

/** Sums of `n` per key (null: "(none)"), the top `TOP_CATEGORIES` and one "other (k more)" row for the rest. */
function topCounts(db: Database, keyed: string, params: readonly number[] = []): Count[] {
  return db
    .prepare<number[], Count>(
      `WITH g AS (SELECT coalesce(key, '${NONE}') AS key, sum(n) AS n FROM (${keyed}) GROUP BY 1),
            r AS (SELECT key, n, row_number() OVER (ORDER BY n DESC, key) AS pos FROM g)
       SELECT key, count FROM (
         SELECT key, n AS count, pos FROM r WHERE pos <= ?
         UNION ALL
         SELECT 'other (' || count(*) || ' more)', sum(n), ? + 1 FROM r WHERE pos > ? HAVING count(*) > 0)
       ORDER BY pos`,
    )
    .all(...params, TOP_CATEGORIES, TOP_CATEGORIES, TOP_CATEGORIES);
}

function popularity(
  db: Database,
  snapshotId: number,
): Pick<ReportData, 'downloadsByRank' | 'zeroDownloads' | 'likesVsDownloads' | 'createdPerMonth'> {
  const { positive, zero } = db
    .prepare<[], { positive: number; zero: number }>(
      `SELECT coalesce(sum(CASE WHEN downloaded THEN n END), 0) AS positive,
              coalesce(sum(CASE WHEN downloaded THEN 0 ELSE n END), 0) AS zero FROM report_cells`,
    )
    .get() ?? { positive: 0, zero: 0 };
  const selected = db.prepare<[], { count: number }>('SELECT count(*) AS count FROM selected_models').get();
  const ranks = logRanks(positive, [selected?.count ?? 0]);
  // Walks the covering ranking index in order; only the sampled ranks come back.
  const downloadsByRank = db
    .prepare<[number, string], { rank: number; downloads: number }>(
      `SELECT rank, downloads FROM (
         SELECT row_number() OVER (ORDER BY downloads DESC, id ASC) AS rank, downloads
           FROM models WHERE snapshot_id = ? AND downloads > 0)
        WHERE rank IN (SELECT value FROM json_each(?))`,
    )
    .all(snapshotId, JSON.stringify(ranks));
  const likesVsDownloads = db
    .prepare<[], { downloads: number; likes: number; count: number }>(
      `SELECT dcell AS downloads, lcell AS likes, sum(n) AS count FROM report_cells
        GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all();
  const createdPerMonth = db
    .prepare<[], { month: string; count: number }>(
      `SELECT month, sum(n) AS count FROM report_cells WHERE month <> '' GROUP BY month ORDER BY month`,
    )
    .all();
  return { downloadsByRank, zeroDownloads: zero, likesVsDownloads, createdPerMonth };
}

function parameters(db: Database): Pick<ReportData, 'parameters' | 'parametersUnknown'> {
  const bins = db
    .prepare<[], { bin: number | null; count: number }>(
      'SELECT pbin AS bin, sum(n) AS count FROM report_profiles GROUP BY pbin ORDER BY pbin',
    )
    .all()
    .map((b) => ({ ...b, bin: b.bin === -1 ? null : b.bin }));
  const edge = (bin: number): number => Math.round(10 ** (bin / PARAMETER_BINS_PER_DECADE));
  const parameters: LogBin[] = bins
    .filter((b): b is { bin: number; count: number } => b.bin !== null)
    .map((b) => ({ lower: edge(b.bin), upper: edge(b.bin + 1), count: b.count }));
  return { parameters, parametersUnknown: bins.find((b) => b.bin === null)?.count ?? 0 };
}

/** The bin edges of a likes/downloads cell index, on the value + 1 scale the bins were taken on. */
export function cellEdges(bin: number): [number, number] {
  return [10 ** (bin / CELL_BINS_PER_DECADE), 10 ** ((bin + 1) / CELL_BINS_PER_DECADE)];
}

/**
 * Lineage from the catalog's edges (`model_base_models`: the `base_model` tags and the card's `base_model`,
 * merged by the derivation). Depths follow each model's first base (by id) up to a model without one.
 */
function lineage(db: Database, snapshotId: number): LineageFacts {
  db.exec('CREATE TEMP TABLE report_first_base (child TEXT PRIMARY KEY, parent TEXT NOT NULL) WITHOUT ROWID');
  // Grouped in key order (no sort); the chains are walked by repo id, as the edges name their bases.
  db.prepare(
    `INSERT INTO report_first_base
     SELECT m.id, b.parent
       FROM (SELECT model_seq, min(base_id) AS parent FROM model_base_models WHERE snapshot_id = ? GROUP BY model_seq) AS b
       JOIN models AS m ON m.snapshot_id = ? AND m.seq = b.model_seq`,
  ).run(snapshotId, snapshotId);
  const edgesByRelation = db
    .prepare<[number], Count>(
      `SELECT relation AS key, count(*) AS count FROM model_base_models WHERE snapshot_id = ?
        GROUP BY relation ORDER BY count DESC, key`,
    )
    .all(snapshotId);
  // One edge per (model, base): the rows of a base are its direct children. Read along the by-base index.
  const children = db
    .prepare<[number, number], { id: string; children: number }>(
      `SELECT base_id AS id, count(*) AS children FROM model_base_models WHERE snapshot_id = ?
        GROUP BY base_id ORDER BY children DESC, id LIMIT ?`,
    )
    .all(snapshotId, TOP_CATEGORIES);
  // One walk up every chain, counted by depth and by which top base it passes (if any): a model at depth d
  // has one row at each depth 1..d, and passes each of its ancestors once.
  const walked = db
    .prepare<[string], { depth: number; base: string | null; n: number }>(
      `WITH RECURSIVE up(id, node, depth) AS (
         SELECT child, parent, 1 FROM report_first_base
         UNION ALL
         SELECT up.id, b.parent, up.depth + 1 FROM up JOIN report_first_base AS b ON b.child = up.node
          WHERE up.depth < ${MAX_CHAIN_DEPTH})
       SELECT depth, CASE WHEN node IN (SELECT value FROM json_each(?)) THEN node END AS base, count(*) AS n
         FROM up GROUP BY 1, 2`,
    )
    .all(JSON.stringify(children.map((c) => c.id)));
  const atDepth = new Map<number, number>();
  const descendants = new Map<string, number>();
  for (const w of walked) {
    atDepth.set(w.depth, (atDepth.get(w.depth) ?? 0) + w.n);
    if (w.base !== null) descendants.set(w.base, (descendants.get(w.base) ?? 0) + w.n);
  }
  const depths = [...atDepth.keys()]
    .sort((a, b) => a - b)
    .map((depth) => ({ depth, count: (atDepth.get(depth) ?? 0) - (atDepth.get(depth + 1) ?? 0) }))
    .filter((d) => d.count > 0);
  const topBases = children.map((c) => ({ ...c, descendants: descendants.get(c.id) ?? 0 }));
  return { edgesByRelation, depths, topBases };
}
