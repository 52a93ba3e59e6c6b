/**
 * File manifests: what a repository holds at a commit, stored once per (repo, commit). A commit never
 * changes, so a stored manifest is reused by every later run instead of asking the Hub again.
 */
import type { Database } from 'better-sqlite3';
import type { RepoFile } from '../types.js';

export type ManifestSource = 'siblings' | 'tree';

export interface StoredManifest {
  repoId: string;
  commit: string;
  source: ManifestSource;
  fetchedAt: string;
  files: RepoFile[];
}

export interface ManifestStore {
  /** The manifest of `repoId` at `commit`, or null when none was stored. Files come sorted by path. */
  get(repoId: string, commit: string): StoredManifest | null;
  /** Stores (or replaces) the manifest of `repoId` at `commit` in one transaction. */
  put(repoId: string, commit: string, source: ManifestSource, files: readonly RepoFile[]): void;
  /** True when a manifest of `repoId` at `commit` is stored (without reading its files). */
  has(repoId: string, commit: string): boolean;
  /**
   * Properties the Hub gives on model info only, not on the listing (`usedStorage`): filled into the
   * catalogued model where the crawl could not get them.
   */
  recordModelInfoFacts(repoId: string, facts: { usedStorage: number | null }): void;
}

interface FileRow {
  path: string;
  size: number;
  blob_sha1: string;
  lfs_sha256: string | null;
  lfs_size: number | null;
  lfs_pointer_size: number | null;
}

export function createManifestStore(db: Database, now: () => number = Date.now): ManifestStore {
  const head = db.prepare<[string, string], { source: ManifestSource; fetched_at: string }>(
    'SELECT source, fetched_at FROM manifests WHERE repo_id = ? AND commit_sha = ?',
  );
  const rows = db.prepare<[string, string], FileRow>(
    `SELECT path, size, blob_sha1, lfs_sha256, lfs_size, lfs_pointer_size
       FROM manifest_files WHERE repo_id = ? AND commit_sha = ? ORDER BY path`,
  );
  const remove = db.prepare('DELETE FROM manifests WHERE repo_id = ? AND commit_sha = ?');
  const insertHead = db.prepare(
    'INSERT INTO manifests (repo_id, commit_sha, source, files, bytes, fetched_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertFile = db.prepare(
    `INSERT INTO manifest_files (repo_id, commit_sha, path, size, blob_sha1, lfs_sha256, lfs_size, lfs_pointer_size)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const fillUsedStorage = db.prepare<[number, string]>(
    'UPDATE models SET used_storage = ? WHERE id = ? AND used_storage IS NULL',
  );
  const put = db.transaction(
    (repoId: string, commit: string, source: ManifestSource, files: readonly RepoFile[]) => {
      remove.run(repoId, commit);
      const bytes = files.reduce((sum, f) => sum + f.size, 0);
      insertHead.run(repoId, commit, source, files.length, bytes, new Date(now()).toISOString());
      for (const f of files) {
        insertFile.run(
          repoId,
          commit,
          f.path,
          f.size,
          f.blobId,
          f.lfs?.sha256 ?? null,
          f.lfs?.size ?? null,
          f.lfs?.pointerSize ?? null,
        );
      }
    },
  );
  return {
    get(repoId, commit) {
      const h = head.get(repoId, commit);
      if (h === undefined) return null;
      const files = rows.all(repoId, commit).map((r): RepoFile => ({
        path: r.path,
        size: r.size,
        blobId: r.blob_sha1,
        lfs:
          r.lfs_sha256 === null
            ? null
            : { sha256: r.lfs_sha256, size: r.lfs_size ?? r.size, pointerSize: r.lfs_pointer_size ?? 0 },
      }));
      return { repoId, commit, source: h.source, fetchedAt: h.fetched_at, files };
    },
    put(repoId, commit, source, files) {
      put(repoId, commit, source, files);
    },
    has(repoId, commit) {
      return head.get(repoId, commit) !== undefined;
    },
    recordModelInfoFacts(repoId, facts) {
      if (facts.usedStorage !== null) fillUsedStorage.run(facts.usedStorage, repoId);
    },
  };
}
