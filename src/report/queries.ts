/**
 * Every query the report runs over the models, in one place, over the catalog as it is today: the typed
 * columns of `models`, its `tags` JSON array and the raw item (`raw`, read with SQLite's JSON functions).
 * (The selection, ledger and snapshot-history queries, which no catalog change touches, are in
 * ledger-queries.ts.)
 *
 * When the catalog gains normalized tables (licenses, languages, lineage edges parsed from
 * `base_model:<relation>:<id>` tags, ...), only this module changes: `buildProfiles` and `lineage` then read
 * those tables instead of parsing JSON, and the rest of the report keeps the same `ReportData`.
 *
 * Speed at Hub scale (3M models, a 6 GB catalog): the raw items are parsed once, grouped on the way into a
 * small temporary table of category combinations (`report_profiles`); the typed columns are read once more
 * into another (`report_cells`), and the models with `base_model` tags once for lineage. Every figure is then
 * a sum over those. The ranking reads the covering index `models_by_downloads` and never the table.
 * `queryProfiles` and `queryWalk` split that work in two halves of about equal cost, which collect-report.ts
 * runs on two connections in two threads.
 */
import type { Database } from 'better-sqlite3';
import type { Count, LineageFacts, LogBin, ReportData } from './report-data.js';
import { logRanks } from './scales.js';

/** Bars per category chart; the rest is summed into one "other" bar. */
export const TOP_CATEGORIES = 20;
/** The Hub's `base_model:<relation>:<id>` relations. */
const RELATIONS = ['adapter', 'finetune', 'merge', 'quantized'];
/** Longest base-model chain followed (a cycle in the tags cannot loop the query). */
const MAX_CHAIN_DEPTH = 64;
/** The key of models that name no value (no license, no library...). */
const NONE = '(none)';
/** Memory SQLite may use for the report's temporary tables, in KiB. */
const TEMP_CACHE_KIB = 128 * 1024;
/** Bins per decade of the parameter-count histogram, and of the likes/downloads cells. */
const PARAMETER_BINS_PER_DECADE = 4;
const CELL_BINS_PER_DECADE = 2;

/** The half of the figures that come from the raw items: every category count and the parameter bins. */
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

/** The other half: the typed columns (months, the ranking, likes vs downloads) and the lineage. */
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

export function queryProfiles(db: Database, snapshotId: number): ProfileFigures {
  return withTempTables(db, ['report_profiles'], () => {
    buildProfiles(db, snapshotId);
    const profileCounts = (key: string): Count[] =>
      topCounts(db, `SELECT ${key} AS key, n FROM report_profiles`);
    return {
      licenses: profileCounts('license'),
      libraries: profileCounts('library'),
      tasks: profileCounts('task'),
      architectures: profileCounts('arch'),
      modelTypes: profileCounts('model_type'),
      languages: topCounts(
        db,
        'SELECT j.value AS key, p.n FROM report_profiles AS p LEFT JOIN json_each(p.languages) AS j',
      ),
      ...parameters(db),
      access: db
        .prepare<[], Count>(
          'SELECT access AS key, sum(n) AS count FROM report_profiles GROUP BY access ORDER BY count DESC, key',
        )
        .all(),
    };
  });
}

export function queryWalk(db: Database, snapshotId: number): WalkFigures {
  return withTempTables(db, ['report_cells', 'report_edges', 'report_first_base'], () => {
    buildCells(db, snapshotId);
    return { ...popularity(db, snapshotId), lineage: lineage(db, snapshotId) };
  });
}

/**
 * The one pass over the raw items: models counted by every category the report shows (license, library,
 * task, architecture, model type, languages, access, parameter bin). A few thousand combinations stand for
 * millions of models; each category's counts are then sums over them.
 *
 * Counted by upsert into a table keyed by the combination rather than by GROUP BY: a GROUP BY sorts every
 * model first (millions of rows), an upsert only looks its combination up among the few thousand. Keys are
 * never NULL (a NULL key never conflicts, so it would not be counted together): "(none)" and -1 stand in.
 */
function buildProfiles(db: Database, snapshotId: number): void {
  db.exec(`CREATE TEMP TABLE report_profiles (
    license TEXT NOT NULL, library TEXT NOT NULL, task TEXT NOT NULL, arch TEXT NOT NULL,
    model_type TEXT NOT NULL, languages TEXT NOT NULL, access TEXT NOT NULL, pbin INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (license, library, task, arch, model_type, languages, access, pbin))`);
  db.prepare(
    `INSERT INTO report_profiles
     SELECT coalesce(license, '${NONE}'), coalesce(library, '${NONE}'), coalesce(task, '${NONE}'),
            coalesce(arch, '${NONE}'), coalesce(model_type, '${NONE}'), coalesce(languages, '[]'), access,
            CASE WHEN typeof(params) IN ('integer', 'real') AND params >= 1
                 THEN CAST(floor(log10(params) * ${PARAMETER_BINS_PER_DECADE}) AS INTEGER) ELSE -1 END,
            1
       FROM (SELECT library_name AS library, pipeline_tag AS task, model_type,
                    architectures ->> '$[0]' AS arch,
                    (SELECT substr(value, 9) FROM json_each(m.tags) WHERE value LIKE 'license:%' LIMIT 1) AS license,
                    raw -> '$.cardData.language' AS languages,
                    coalesce(raw ->> '$.safetensors.total', raw ->> '$.gguf.total') AS params,
                    CASE WHEN disabled THEN 'disabled' WHEN gated IS NULL THEN 'open'
                         ELSE 'gated (' || gated || ')' END AS access
               FROM models AS m WHERE snapshot_id = ?)
      WHERE true -- (SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT)
     ON CONFLICT DO UPDATE SET n = n + 1`,
  ).run(snapshotId);
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
function topCounts(db: Database, keyed: string): Count[] {
  return db
    .prepare<[number, number, number], Count>(
      `WITH g AS (SELECT coalesce(key, '${NONE}') AS key, sum(n) AS n FROM (${keyed}) GROUP BY 1),
            r AS (SELECT key, n, row_number() OVER (ORDER BY n DESC, key) AS pos FROM g)
       SELECT key, count FROM (
         SELECT key, n AS count, pos FROM r WHERE pos <= ?
         UNION ALL
         SELECT 'other (' || count(*) || ' more)', sum(n), ? + 1 FROM r WHERE pos > ? HAVING count(*) > 0)
       ORDER BY pos`,
    )
    .all(TOP_CATEGORIES, TOP_CATEGORIES, TOP_CATEGORIES);
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
 * Lineage from the `base_model:<relation>:<id>` tags (a pass over the models that have one). Depths follow
 * each model's first base (by id) up to a model without one.
 */
function lineage(db: Database, snapshotId: number): LineageFacts {
  db.exec(`
    -- Appended in listing order, unindexed (a key would cost a B-tree insert per edge); a model's tags are a set,
    -- so an edge comes once.
    CREATE TEMP TABLE report_edges (child TEXT NOT NULL, parent TEXT NOT NULL, relation TEXT NOT NULL);
    CREATE TEMP TABLE report_first_base (child TEXT PRIMARY KEY, parent TEXT NOT NULL) WITHOUT ROWID;
  `);
  db.prepare(
    `INSERT INTO report_edges
     SELECT m.id, substr(j.value, instr(substr(j.value, 12), ':') + 12), substr(j.value, 12, instr(substr(j.value, 12), ':') - 1)
       FROM models AS m, json_each(m.tags) AS j
      WHERE m.snapshot_id = ? AND instr(m.tags, '"base_model:') > 0 AND j.value LIKE 'base_model:%:%'
        AND substr(j.value, 12, instr(substr(j.value, 12), ':') - 1) IN (${RELATIONS.map((r) => `'${r}'`).join(', ')})`,
  ).run(snapshotId);
  db.exec('INSERT INTO report_first_base SELECT child, min(parent) FROM report_edges GROUP BY child');
  const edgesByRelation = db
    .prepare<[], Count>(
      'SELECT relation AS key, count(*) AS count FROM report_edges GROUP BY relation ORDER BY count DESC, key',
    )
    .all();
  const children = db
    .prepare<[number], { id: string; children: number }>(
      `SELECT parent AS id, count(DISTINCT child) AS children FROM report_edges GROUP BY parent
        ORDER BY children DESC, id LIMIT ?`,
    )
    .all(TOP_CATEGORIES);
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
