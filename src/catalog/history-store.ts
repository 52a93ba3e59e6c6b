/**
 * Repo histories (download --history): which verified repos still lack one, and storing one (its commits and
 * refs) in a single transaction, so a repo has either its whole history or none.
 */
import type { Database } from 'better-sqlite3';
import type { RepoCommitInfo, RepoRef } from '../types.js';

export interface HistoryTarget {
  repoId: string;
  /** The downloaded commit. */
  commit: string;
  method: 'http' | 'git';
}

export interface StoredHistory {
  repoId: string;
  revision: string;
  source: 'api' | 'git';
  commits: readonly RepoCommitInfo[];
  refs: readonly RepoRef[];
  requests: number;
  fetchedAt: string;
}

export interface HistoryStore {
  /** Verified repos whose history at their downloaded commit is not stored, in download order. */
  missing(): HistoryTarget[];
  put(history: StoredHistory): void;
}

export function createHistoryStore(db: Database): HistoryStore {
  const missing = db.prepare<[], HistoryTarget>(
    `SELECT r.repo_id AS repoId, r.commit_sha AS "commit", r.method FROM download_repos r
      WHERE r.state = 'verified' AND r.commit_sha IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM repo_histories h WHERE h.repo_id = r.repo_id AND h.revision = r.commit_sha)
      ORDER BY r.position`,
  );
  const remove = db.prepare('DELETE FROM repo_histories WHERE repo_id = ?');
  const head = db.prepare(
    `INSERT INTO repo_histories (repo_id, revision, source, commits, refs, requests, fetched_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const commit = db.prepare(
    `INSERT INTO repo_commits (repo_id, position, commit_sha, title, message, authors, date)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const ref = db.prepare(
    'INSERT OR REPLACE INTO repo_refs (repo_id, kind, name, ref, target_commit) VALUES (?, ?, ?, ?, ?)',
  );
  const put = db.transaction((h: StoredHistory) => {
    remove.run(h.repoId);
    head.run(h.repoId, h.revision, h.source, h.commits.length, h.refs.length, h.requests, h.fetchedAt);
    h.commits.forEach((c, i) =>
      commit.run(h.repoId, i, c.id, c.title, c.message, JSON.stringify(c.authors), c.date),
    );
    for (const r of h.refs) ref.run(h.repoId, r.kind, r.name, r.ref, r.targetCommit);
  });
  return { missing: () => missing.all(), put: (h) => put(h) };
}
