/**
 * Aggregates of the download ledger for `status` and reports: counts by state and reason, bytes, the repos
 * that were skipped or failed, and drift (repos whose `main` moved away from the commit recorded at listing).
 */
import type { Database } from 'better-sqlite3';
import type { RepoState } from './ledger.js';

export interface LedgerReport {
  repos: Record<RepoState, number> & { total: number };
  files: { total: number; verified: number; failed: number };
  bytes: { total: number; verified: number };
  skippedByReason: Record<string, number>;
  failedByReason: Record<string, number>;
  skipped: Array<{ repoId: string; reason: string; detail: string | null }>;
  failed: Array<{ repoId: string; reason: string; detail: string | null }>;
  drift: DriftedRepo[];
}

export interface DriftedRepo {
  repoId: string;
  /** The commit the listing recorded (the one downloads pin). */
  listedCommit: string;
  /** `main` when the download looked. */
  mainSha: string;
  checkedAt: string | null;
  /** The commit actually downloaded (the listed one, unless the repo was re-pinned). */
  downloadedCommit: string | null;
}

/** True when the catalog has the ledger's tables (an older catalog opened read-only may not). */
export function hasLedger(db: Database): boolean {
  const row = db
    .prepare<[], { n: number }>(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'download_repos'",
    )
    .get();
  return (row?.n ?? 0) > 0;
}

export function ledgerReport(db: Database): LedgerReport {
  const repos: LedgerReport['repos'] = {
    total: 0,
    pending: 0,
    downloading: 0,
    verified: 0,
    skipped: 0,
    failed: 0,
  };
  for (const row of db
    .prepare<[], { state: RepoState; n: number }>(
      'SELECT state, count(*) AS n FROM download_repos GROUP BY state',
    )
    .all()) {
    repos[row.state] = row.n;
    repos.total += row.n;
  }
  const sums = db
    .prepare<
      [],
      {
        files_total: number | null;
        files_verified: number | null;
        bytes_total: number | null;
        bytes_verified: number | null;
      }
    >(
      `SELECT sum(files_total) AS files_total, sum(files_verified) AS files_verified,
              sum(bytes_total) AS bytes_total, sum(bytes_verified) AS bytes_verified
         FROM download_repos WHERE state IN ('downloading', 'verified', 'failed')`,
    )
    .get();
  const failedFiles = db
    .prepare<[], { n: number }>("SELECT count(*) AS n FROM download_files WHERE state = 'failed'")
    .get();
  const skippedByReason: Record<string, number> = {};
  const failedByReason: Record<string, number> = {};
  for (const row of db
    .prepare<[], { state: 'skipped' | 'failed'; reason: string | null; n: number }>(
      `SELECT state, reason, count(*) AS n FROM download_repos
        WHERE state IN ('skipped', 'failed') GROUP BY state, reason ORDER BY reason`,
    )
    .all()) {
    (row.state === 'skipped' ? skippedByReason : failedByReason)[row.reason ?? 'unknown'] = row.n;
  }
  const ended = db
    .prepare<
      [],
      { repo_id: string; state: 'skipped' | 'failed'; reason: string | null; detail: string | null }
    >(
      `SELECT repo_id, state, reason, detail FROM download_repos
        WHERE state IN ('skipped', 'failed') ORDER BY position, repo_id`,
    )
    .all()
    .map((r) => ({ state: r.state, repoId: r.repo_id, reason: r.reason ?? 'unknown', detail: r.detail }));
  const drift = db
    .prepare<
      [],
      {
        repo_id: string;
        listed_commit: string;
        main_sha: string;
        main_checked_at: string | null;
        commit_sha: string | null;
        state: RepoState;
      }
    >(
      `SELECT repo_id, listed_commit, main_sha, main_checked_at, commit_sha, state FROM download_repos
        WHERE listed_commit IS NOT NULL AND main_sha IS NOT NULL AND main_sha <> listed_commit
        ORDER BY position, repo_id`,
    )
    .all()
    .map((r) => ({
      repoId: r.repo_id,
      listedCommit: r.listed_commit,
      mainSha: r.main_sha,
      checkedAt: r.main_checked_at,
      downloadedCommit: r.state === 'verified' ? r.commit_sha : null,
    }));
  return {
    repos,
    files: {
      total: sums?.files_total ?? 0,
      verified: sums?.files_verified ?? 0,
      failed: failedFiles?.n ?? 0,
    },
    bytes: { total: sums?.bytes_total ?? 0, verified: sums?.bytes_verified ?? 0 },
    skippedByReason,
    failedByReason,
    skipped: ended.filter((r) => r.state === 'skipped').map(({ state: _s, ...r }) => r),
    failed: ended.filter((r) => r.state === 'failed').map(({ state: _s, ...r }) => r),
    drift,
  };
}
