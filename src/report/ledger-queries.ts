/**
 * The report's queries over the selection, the download ledger and the crawl snapshots' history (tables that
 * stay as they are when the catalog gains normalized model tables; those queries are in queries.ts).
 */
import type { Database } from 'better-sqlite3';
import type { CrawlSnapshot } from '../catalog/index.js';
import { TOP_CATEGORIES } from './queries.js';
import type { DownloadFacts, ReportData, SnapshotHistoryRow } from './report-data.js';
import { throughputBucketSeconds } from './scales.js';

export function selectionFacts(db: Database, snapshotId: number): ReportData['selection'] {
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
    .prepare<[number], { selected: number; all: number }>(
      `SELECT (SELECT coalesce(sum(downloads), 0) FROM selected_models) AS selected,
              (SELECT coalesce(sum(downloads), 0) FROM models WHERE snapshot_id = ?) AS "all"`,
    )
    .get(snapshotId);
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

export function downloadFacts(db: Database): DownloadFacts | null {
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

export function snapshotHistory(db: Database): SnapshotHistoryRow[] {
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

export function snapshotFacts(s: CrawlSnapshot): NonNullable<ReportData['snapshot']> {
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
