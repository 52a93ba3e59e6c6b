/**
 * Aggregates over a snapshot that the run manifest and the datasheet report: how the listing was
 * collected, what it holds, what was downloaded or skipped and why. Small queries; each reads indexes or
 * one pass over the snapshot.
 */
import type { Database } from 'better-sqlite3';

export interface DatasetFacts {
  models: number;
  gated: number;
  disabled: number;
  /** Models whose `createdAt` is the Hub's floor for repos created before it stored dates. */
  createdAtFloor: number;
  withBaseModel: number;
  /** Models with no license stated (neither card nor tag). */
  withoutLicense: number;
  downloadsTotal: number;
  topLicenses: Array<{ name: string; models: number }>;
  relations: Array<{ relation: string; edges: number }>;
  /** Download ledger: repos per state, and per state and reason for skipped and failed ones. */
  downloadStates: Array<{ state: string; repos: number }>;
  downloadReasons: Array<{ state: string; reason: string; repos: number }>;
  downloadWindow: { startedAt: string | null; finishedAt: string | null };
}

export function datasetFacts(db: Database, snapshotId: number): DatasetFacts {
  const one = <T>(sql: string): T => db.prepare(sql).get(snapshotId) as T;
  const counts = one<{
    models: number;
    gated: number;
    disabled: number;
    floor: number;
    downloads: number;
  }>(
    `SELECT count(*) AS models, count(gated) AS gated, coalesce(sum(disabled), 0) AS disabled,
            coalesce(sum(created_at = '2022-03-02T23:29:04.000Z' OR created_at = '2022-03-02T23:29:05.000Z'), 0) AS floor,
            coalesce(sum(downloads), 0) AS downloads
       FROM models WHERE snapshot_id = ?`,
  );
  const withBase = one<{ n: number }>(
    'SELECT count(DISTINCT model_seq) AS n FROM model_base_models WHERE snapshot_id = ?',
  ).n;
  const licensed = one<{ n: number }>(
    'SELECT count(DISTINCT model_seq) AS n FROM model_licenses WHERE snapshot_id = ?',
  ).n;
  return {
    models: counts.models,
    gated: counts.gated,
    disabled: counts.disabled,
    createdAtFloor: counts.floor,
    withBaseModel: withBase,
    withoutLicense: counts.models - licensed,
    downloadsTotal: counts.downloads,
    topLicenses: db
      .prepare<[number], { name: string; models: number }>(
        `SELECT l.name, count(*) AS models FROM model_licenses ml JOIN licenses l ON l.id = ml.license_id
          WHERE ml.snapshot_id = ? GROUP BY l.name ORDER BY models DESC, l.name LIMIT 10`,
      )
      .all(snapshotId),
    relations: db
      .prepare<[number], { relation: string; edges: number }>(
        `SELECT relation, count(*) AS edges FROM model_base_models WHERE snapshot_id = ?
          GROUP BY relation ORDER BY edges DESC, relation`,
      )
      .all(snapshotId),
    downloadStates: db
      .prepare<[], { state: string; repos: number }>(
        'SELECT state, count(*) AS repos FROM download_repos GROUP BY state ORDER BY state',
      )
      .all(),
    downloadReasons: db
      .prepare<[], { state: string; reason: string; repos: number }>(
        `SELECT state, reason, count(*) AS repos FROM download_repos
          WHERE state IN ('skipped', 'failed') GROUP BY state, reason ORDER BY state, repos DESC, reason`,
      )
      .all(),
    downloadWindow: db
      .prepare<[], { startedAt: string | null; finishedAt: string | null }>(
        'SELECT min(started_at) AS startedAt, max(finished_at) AS finishedAt FROM download_repos',
      )
      .get() as { startedAt: string | null; finishedAt: string | null },
  };
}
