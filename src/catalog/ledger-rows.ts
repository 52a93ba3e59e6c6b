/**
 * A repo's ledger rows as a whole: read them out of one ledger and write them into another, replacing what was
 * there. A cluster run moves rows this way: `plan` copies what the catalog knew about each worker's repos into
 * the worker's base file, and `merge` writes what each worker finished back into the catalog. Also the scratch
 * ledger a worker (or a reader of its journal) keeps in memory: the catalog's own schema, in no file at all.
 */
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { createLedger, type Ledger, type LedgerFile, type LedgerRepo } from './ledger.js';
import { createManifestStore, type ManifestStore } from './manifest-store.js';
import { migrate } from './migrations.js';

/** A repo's ledger row and its file rows. */
export interface RepoRows {
  repo: LedgerRepo;
  files: LedgerFile[];
}

/**
 * Replaces the rows of each repo with the ones given, all in one transaction (the same rows give the same
 * result, so writing them again changes nothing).
 */
export function writeRepoRows(catalog: { db: Db }, many: readonly RepoRows[]): void {
  const write = writer(catalog.db);
  catalog.db.transaction(() => {
    for (const rows of many) write(rows);
  })();
}

/** Replaces one repo's rows, in one transaction (a savepoint inside another). */
function writer(db: Db): (rows: RepoRows) => void {
  const removeFiles = db.prepare('DELETE FROM download_files WHERE repo_id = ?');
  const upsertRepo = db.prepare(
    `INSERT OR REPLACE INTO download_repos (repo_id, position, source, method, state, reason, detail,
       listed_commit, commit_sha, main_sha, main_checked_at, files_total, files_verified, bytes_total,
       bytes_verified, disk_bytes, asked_as, attempts, started_at, updated_at, finished_at)
     VALUES (@repoId, @position, @source, @method, @state, @reason, @detail, @listedCommit, @commit, @mainSha,
       @mainCheckedAt, @filesTotal, @filesVerified, @bytesTotal, @bytesVerified, @diskBytes, @askedAs,
       @attempts, @startedAt, @updatedAt, @finishedAt)`,
  );
  const insertFile = db.prepare(
    `INSERT INTO download_files (repo_id, path, commit_sha, state, size, digest, bytes, attempts, reason, updated_at)
     VALUES (@repoId, @path, @commit, @state, @size, @digest, @bytes, @attempts, @reason, @updatedAt)`,
  );
  return db.transaction((rows: RepoRows) => {
    const repoId = rows.repo.repoId;
    upsertRepo.run(rows.repo);
    removeFiles.run(repoId);
    for (const f of rows.files) insertFile.run({ ...f, repoId });
  });
}

/** The rows of `repoId` in `ledger`, or null when it has none. */
export function readRepoRows(ledger: Ledger, repoId: string): RepoRows | null {
  const repo = ledger.getRepo(repoId);
  if (repo === null) return null;
  const files = [...ledger.files(repoId).values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  return { repo, files };
}

/** A ledger and a manifest store over an in-memory database with the catalog's schema. */
export interface ScratchLedger {
  readonly ledger: Ledger;
  readonly manifests: ManifestStore;
  writeRepoRows(rows: RepoRows): void;
  close(): void;
}

/** @param now the clock its rows are stamped with (a journal's replay sets it to each entry's time) */
export function openScratchLedger(now: () => number): ScratchLedger {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  const write = writer(db);
  return {
    ledger: createLedger(db, now),
    manifests: createManifestStore(db, now),
    writeRepoRows: write,
    close: () => db.close(),
  };
}
