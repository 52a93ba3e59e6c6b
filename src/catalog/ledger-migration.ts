/**
 * Migration: file manifests and the download ledger.
 *
 * - `manifests` / `manifest_files`: what a repo holds at a commit (path, size, git blob sha1, LFS sha256 and
 *   size), as the Hub described it. Keyed by commit, so a row never changes once written.
 * - `download_repos`: one row per repo a download run was asked for (selection or `--urls` file): its state,
 *   the commit recorded at listing, the commit pinned and downloaded, `main` when the manifest was fetched
 *   (drift), counts, bytes, attempts and the method (http now, git later).
 * - `download_files`: one row per file of a pinned manifest that passed the filters: its state and bytes.
 *   A file is `verified` only after its content hash matched and it was renamed to its final path.
 */
import type { Migration } from './migrations.js';

export const ledgerMigration: Migration = {
  version: 2,
  name: 'file manifests and the download ledger',
  up(db) {
    db.exec(`
      CREATE TABLE manifests (
        repo_id     TEXT    NOT NULL,
        commit_sha  TEXT    NOT NULL,
        source      TEXT    NOT NULL CHECK (source IN ('siblings', 'tree')),
        files       INTEGER NOT NULL,
        bytes       INTEGER NOT NULL,
        fetched_at  TEXT    NOT NULL,
        PRIMARY KEY (repo_id, commit_sha)
      );

      CREATE TABLE manifest_files (
        repo_id          TEXT    NOT NULL,
        commit_sha       TEXT    NOT NULL,
        path             TEXT    NOT NULL,   -- as the Hub sent it (unchecked; the downloader refuses unsafe ones)
        size             INTEGER NOT NULL,   -- content bytes (for LFS files the real size, not the pointer's)
        blob_sha1        TEXT    NOT NULL,   -- git blob id (for LFS files, of the pointer)
        lfs_sha256       TEXT,
        lfs_size         INTEGER,
        lfs_pointer_size INTEGER,
        PRIMARY KEY (repo_id, commit_sha, path),
        FOREIGN KEY (repo_id, commit_sha) REFERENCES manifests (repo_id, commit_sha) ON DELETE CASCADE
      ) WITHOUT ROWID;

      CREATE TABLE download_repos (
        repo_id         TEXT    PRIMARY KEY,
        position        INTEGER NOT NULL,    -- 0-based order in the list it came from (selection rank, file line)
        source          TEXT    NOT NULL,    -- 'selection' or 'urls:<file name>'
        method          TEXT    NOT NULL DEFAULT 'http' CHECK (method IN ('http', 'git')),
        state           TEXT    NOT NULL
                        CHECK (state IN ('pending', 'downloading', 'verified', 'skipped', 'failed')),
        reason          TEXT,                -- skipped: gated | not_found | disabled | filtered | over_budget;
                                             -- failed: a code such as unsafe_path, hash_mismatch, network
        detail          TEXT,                -- one line for a human
        listed_commit   TEXT,                -- the commit recorded at listing, or given in the urls file
        commit_sha      TEXT,                -- the commit pinned and downloaded
        main_sha        TEXT,                -- main when the manifest was fetched (drift when it differs)
        main_checked_at TEXT,
        files_total     INTEGER NOT NULL DEFAULT 0,
        files_verified  INTEGER NOT NULL DEFAULT 0,
        bytes_total     INTEGER NOT NULL DEFAULT 0,
        bytes_verified  INTEGER NOT NULL DEFAULT 0,
        attempts        INTEGER NOT NULL DEFAULT 0,   -- runs that started work on this repo
        started_at      TEXT,
        updated_at      TEXT    NOT NULL,
        finished_at     TEXT
      );
      CREATE INDEX download_repos_by_position ON download_repos (position, repo_id);

      CREATE TABLE download_files (
        repo_id    TEXT    NOT NULL,
        path       TEXT    NOT NULL,
        commit_sha TEXT    NOT NULL,
        state      TEXT    NOT NULL CHECK (state IN ('pending', 'verified', 'failed')),
        size       INTEGER NOT NULL,
        digest     TEXT    NOT NULL,         -- expected content hash: LFS sha256, else git blob sha1
        bytes      INTEGER NOT NULL DEFAULT 0,   -- bytes verified at the final path (size once verified)
        attempts   INTEGER NOT NULL DEFAULT 0,
        reason     TEXT,                     -- why it failed, one line
        updated_at TEXT    NOT NULL,
        PRIMARY KEY (repo_id, path)
      ) WITHOUT ROWID;
    `);
  },
};
