/**
 * Every query the report runs, in one place, over the catalog as it is today: the typed columns of `models`,
 * its `tags` JSON array, the raw item (`raw`, read with SQLite's JSON functions), the selection and the
 * download ledger.
 *
 * When the catalog gains normalized tables (licenses, languages, lineage edges parsed from
 * `base_model:<relation>:<id>` tags, ...), only this module changes: `buildFacts` and `buildLineage` then read
 * those tables instead of parsing JSON, and the rest of the report keeps the same `ReportData`.
 *
 * Speed at Hub scale (3M models, a 6 GB catalog): the models table is read once, into a temporary table of
 * the few small fields the report needs (`report_facts`); every aggregate then runs over that. The ranking
 * reads the covering index `models_by_downloads` and never the table.
 */
import type { Database } from 'better-sqlite3';
import type { Catalog, CrawlSnapshot } from '../catalog/index.js';
import type {
  Count,
  DownloadFacts,
  LineageFacts,
  LogBin,
  ReportData,
  SnapshotHistoryRow,
} from './report-data.js';
import { logRanks, throughputBucketSeconds } from './scales.js';

/** Bars per category chart; the rest is summed into one "other" bar. */
export const TOP_CATEGORIES = 20;
/** The Hub's `base_model:<relation>:<id>` relations. */
const RELATIONS = ['adapter', 'finetune', 'merge', 'quantized'];
/** Longest base-model chain followed (a cycle in the tags cannot loop the query). */
const MAX_CHAIN_DEPTH = 64;
/** Bins per decade of the parameter-count histogram, and of the likes/downloads cells. */
const PARAMETER_BINS_PER_DECADE = 4;
const CELL_BINS_PER_DECADE = 2;

export function queryReport(catalog: Catalog, now: Date): ReportData {
  const db = catalog.db;
  const snapshot = catalog.snapshots.latestFinished() ?? catalog.snapshots.current();
  const base = {
    generatedAt: now.toISOString(),
    catalogPath: catalog.path,
    snapshot: snapshot === null ? null : snapshotFacts(snapshot),
    snapshots: snapshotHistory(db),
    download: downloadFacts(db),
  };
  buildFacts(db, snapshot?.id ?? -1);
  try {
    return {
      ...base,
      selection: selectionFacts(db),
      createdPerMonth: db
        .prepare<[], { month: string; count: number }>(
          `SELECT month, count(*) AS count FROM report_facts WHERE month IS NOT NULL GROUP BY month ORDER BY month`,
        )
        .all(),
      ...popularity(db, snapshot?.id ?? -1),
      licenses: topCounts(db, 'SELECT license AS key FROM report_facts'),
      libraries: topCounts(db, 'SELECT library AS key FROM report_facts'),
      tasks: topCounts(db, 'SELECT task AS key FROM report_facts'),
      architectures: topCounts(db, 'SELECT arch AS key FROM report_facts'),
      modelTypes: topCounts(db, 'SELECT model_type AS key FROM report_facts'),
      languages: topCounts(
        db,
        'SELECT j.value AS key FROM report_facts f LEFT JOIN json_each(f.languages) j',
      ),
      ...parameters(db),
      access: db
        .prepare<[], Count>(
          `SELECT CASE WHEN disabled THEN 'disabled'
                       WHEN gated IS NULL THEN 'open'
                       ELSE 'gated (' || gated || ')' END AS key,
                  count(*) AS count
             FROM report_facts GROUP BY key ORDER BY count DESC, key`,
        )
        .all(),
      lineage: lineage(db),
    };
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.report_facts; DROP TABLE IF EXISTS temp.report_edges');
  }
}

/** The one pass over `models`: the small fields every aggregate reads. */
function buildFacts(db: Database, snapshotId: number): void {
  db.exec('DROP TABLE IF EXISTS temp.report_facts');
  db.prepare(
    `CREATE TEMP TABLE report_facts AS
     SELECT id, downloads, likes, gated, disabled, model_type,
            substr(created_at, 1, 7) AS month,
            library_name AS library,
            pipeline_tag AS task,
            architectures ->> '$[0]' AS arch,
            (SELECT substr(value, 9) FROM json_each(m.tags) WHERE value LIKE 'license:%' LIMIT 1) AS license,
            coalesce(raw ->> '$.safetensors.total', raw ->> '$.gguf.total') AS params,
            raw -> '$.cardData.language' AS languages,
            (SELECT nullif(json_group_array(substr(value, 12)), '[]') FROM json_each(m.tags)
              WHERE value LIKE 'base_model:%:%') AS bases
       FROM models AS m WHERE snapshot_id = ?`,
  ).run(snapshotId);
}

/** Counts per key (null: "(none)"), the top `TOP_CATEGORIES` and one "other (k more)" row for the rest. */
function topCounts(db: Database, keys: string): Count[] {
  return db
    .prepare<[number, number, number], Count>(
      `WITH g AS (SELECT coalesce(key, '(none)') AS key, count(*) AS n FROM (${keys}) GROUP BY 1),
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
): Pick<ReportData, 'downloadsByRank' | 'zeroDownloads' | 'likesVsDownloads'> {
  const { positive, zero } = db
    .prepare<[], { positive: number; zero: number }>(
      `SELECT coalesce(sum(downloads > 0), 0) AS positive, coalesce(sum(downloads <= 0), 0) AS zero FROM report_facts`,
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
    .prepare<[number, number], { downloads: number; likes: number; count: number }>(
      `SELECT CAST(floor(log10(max(downloads, 0) + 1) * ?) AS INTEGER) AS downloads,
              CAST(floor(log10(max(likes, 0) + 1) * ?) AS INTEGER) AS likes,
              count(*) AS count
         FROM report_facts GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .all(CELL_BINS_PER_DECADE, CELL_BINS_PER_DECADE);
  return { downloadsByRank, zeroDownloads: zero, likesVsDownloads };
}

function parameters(db: Database): Pick<ReportData, 'parameters' | 'parametersUnknown'> {
  const bins = db
    .prepare<[number], { bin: number; count: number }>(
      `SELECT CAST(floor(log10(params) * ?) AS INTEGER) AS bin, count(*) AS count
         FROM report_facts WHERE typeof(params) IN ('integer', 'real') AND params >= 1
        GROUP BY bin ORDER BY bin`,
    )
    .all(PARAMETER_BINS_PER_DECADE);
  const unknown = db
    .prepare<[], { n: number }>(
      `SELECT count(*) AS n FROM report_facts WHERE NOT (typeof(params) IN ('integer', 'real') AND params >= 1)`,
    )
    .get();
  const edge = (bin: number): number => Math.round(10 ** (bin / PARAMETER_BINS_PER_DECADE));
  const parameters: LogBin[] = bins.map((b) => ({
    lower: edge(b.bin),
    upper: edge(b.bin + 1),
    count: b.count,
  }));
  return { parameters, parametersUnknown: unknown?.n ?? 0 };
}

/** The bin edges of a likes/downloads cell index, on the value + 1 scale the bins were taken on. */
export function cellEdges(bin: number): [number, number] {
  return [10 ** (bin / CELL_BINS_PER_DECADE), 10 ** ((bin + 1) / CELL_BINS_PER_DECADE)];
}

/** Lineage edges from the `base_model:<relation>:<id>` tags; depths follow each model's first base. */
function lineage(db: Database): LineageFacts {
  db.exec(`
    DROP TABLE IF EXISTS temp.report_edges;
    CREATE TEMP TABLE report_edges AS
      SELECT DISTINCT f.id AS child,
             substr(j.value, 1, instr(j.value, ':') - 1) AS relation,
             substr(j.value, instr(j.value, ':') + 1) AS parent
        FROM report_facts AS f, json_each(f.bases) AS j
       WHERE f.bases IS NOT NULL
         AND substr(j.value, 1, instr(j.value, ':') - 1) IN (${RELATIONS.map((r) => `'${r}'`).join(', ')});
    CREATE TEMP TABLE report_first_base (child TEXT PRIMARY KEY, parent TEXT NOT NULL) WITHOUT ROWID;
    INSERT INTO report_first_base SELECT child, min(parent) FROM report_edges GROUP BY child;
    CREATE TEMP TABLE report_ancestry AS
      WITH RECURSIVE up(id, node, depth) AS (
        SELECT child, parent, 1 FROM report_first_base
        UNION ALL
        SELECT up.id, b.parent, up.depth + 1 FROM up JOIN report_first_base AS b ON b.child = up.node
         WHERE up.depth < ${MAX_CHAIN_DEPTH})
      SELECT id, node, depth FROM up;
  `);
  try {
    const edgesByRelation = db
      .prepare<[], Count>(
        'SELECT relation AS key, count(*) AS count FROM report_edges GROUP BY relation ORDER BY count DESC, key',
      )
      .all();
    const depths = db
      .prepare<[], { depth: number; count: number }>(
        `SELECT depth, count(*) AS count FROM (SELECT id, max(depth) AS depth FROM report_ancestry GROUP BY id)
          GROUP BY depth ORDER BY depth`,
      )
      .all();
    const topBases = db
      .prepare<[number], { id: string; children: number; descendants: number }>(
        `WITH c AS (SELECT parent AS id, count(DISTINCT child) AS children FROM report_edges GROUP BY parent
                     ORDER BY children DESC, id LIMIT ?)
         SELECT c.id, c.children,
                (SELECT count(DISTINCT a.id) FROM report_ancestry AS a WHERE a.node = c.id) AS descendants
           FROM c ORDER BY c.children DESC, c.id`,
      )
      .all(TOP_CATEGORIES);
    return { edgesByRelation, depths, topBases };
  } finally {
    db.exec('DROP TABLE temp.report_ancestry; DROP TABLE temp.report_first_base');
  }
}

function selectionFacts(db: Database): ReportData['selection'] {
  const row = db
    .prepare<
      [],
      {
        method: string;
        shrinkage: number | null;
        top: number | null;
        count: number;
        total: number;
        created_at: string;
      }
    >('SELECT method, shrinkage, top, count, total, created_at FROM selections ORDER BY id DESC LIMIT 1')
    .get();
  if (row === undefined) return null;
  const sums = db
    .prepare<[], { selected: number; all: number }>(
      `SELECT (SELECT coalesce(sum(downloads), 0) FROM selected_models) AS selected,
              (SELECT coalesce(sum(downloads), 0) FROM report_facts) AS "all"`,
    )
    .get();
  return {
    method: row.method,
    shrinkage: row.shrinkage,
    top: row.top,
    count: row.count,
    total: row.total,
    createdAt: row.created_at,
    downloadsSelected: sums?.selected ?? 0,
    downloadsAll: sums?.all ?? 0,
  };
}

function downloadFacts(db: Database): DownloadFacts | null {
  const byState = db
    .prepare<[], { state: string; repos: number; bytes: number }>(
      `SELECT state, count(*) AS repos, sum(bytes_total) AS bytes FROM download_repos
        GROUP BY state ORDER BY repos DESC, state`,
    )
    .all();
  if (byState.length === 0) return null;
  const reasons = db
    .prepare<[], { state: string; reason: string; repos: number }>(
      `SELECT state, coalesce(reason, '(none)') AS reason, count(*) AS repos FROM download_repos
        WHERE state IN ('skipped', 'failed') GROUP BY state, reason ORDER BY repos DESC, state, reason`,
    )
    .all();
  const bytes = db
    .prepare<[], { content: number; disk: number }>(
      `SELECT coalesce(sum(bytes_verified), 0) AS content,
              coalesce(sum(coalesce(disk_bytes, bytes_verified)), 0) AS disk
         FROM download_repos WHERE state = 'verified'`,
    )
    .get() ?? { content: 0, disk: 0 };
  const largest = db
    .prepare<[number], { id: string; state: string; files: number; bytes: number }>(
      `SELECT repo_id AS id, state, files_total AS files, bytes_total AS bytes FROM download_repos
        ORDER BY bytes_total DESC, repo_id LIMIT ?`,
    )
    .all(TOP_CATEGORIES);
  return {
    byState,
    reasons,
    contentBytes: bytes.content,
    diskBytes: bytes.disk,
    ...throughput(db),
    largest,
  };
}

/** Bytes of the repos verified in each bucket of the run, from the first start to the last finish. */
function throughput(db: Database): Pick<DownloadFacts, 'throughput' | 'bucketSeconds'> {
  const span = db
    .prepare<[], { first: number | null; last: number | null }>(
      `SELECT min(unixepoch(coalesce(started_at, finished_at), 'subsec')) AS first,
              max(unixepoch(finished_at, 'subsec')) AS last
         FROM download_repos WHERE state = 'verified' AND finished_at IS NOT NULL`,
    )
    .get();
  if (span?.first == null || span.last == null) return { throughput: [], bucketSeconds: 1 };
  const bucketSeconds = throughputBucketSeconds(span.last - span.first);
  const rows = db
    .prepare<[number, number], { bucket: number; repos: number; bytes: number }>(
      `SELECT CAST((unixepoch(finished_at, 'subsec') - ?) / ? AS INTEGER) AS bucket,
              count(*) AS repos, sum(bytes_verified) AS bytes
         FROM download_repos WHERE state = 'verified' AND finished_at IS NOT NULL
        GROUP BY bucket ORDER BY bucket`,
    )
    .all(span.first, bucketSeconds);
  const last = rows.at(-1)?.bucket ?? 0;
  const byBucket = new Map(rows.map((r) => [r.bucket, r]));
  const buckets = Array.from({ length: last + 1 }, (_, bucket) => ({
    start: new Date((span.first as number) * 1000 + bucket * bucketSeconds * 1000).toISOString(),
    repos: byBucket.get(bucket)?.repos ?? 0,
    bytes: byBucket.get(bucket)?.bytes ?? 0,
  }));
  return { throughput: buckets, bucketSeconds };
}

function snapshotHistory(db: Database): SnapshotHistoryRow[] {
  return db
    .prepare<
      [],
      {
        id: number;
        status: string;
        started_at: string;
        finished_at: string | null;
        listed: number;
        models: number;
        pruned_at: string | null;
      }
    >(
      'SELECT id, status, started_at, finished_at, listed, models, pruned_at FROM crawl_snapshots ORDER BY id',
    )
    .all()
    .map((r) => ({
      id: r.id,
      status: r.status,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      listed: r.listed,
      models: r.models,
      pruned: r.pruned_at !== null,
    }));
}

function snapshotFacts(s: CrawlSnapshot): NonNullable<ReportData['snapshot']> {
  return {
    id: s.id,
    endpoint: s.endpoint,
    status: s.status,
    queryMode: s.queryMode,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    pages: s.pages,
    models: s.models,
  };
}
