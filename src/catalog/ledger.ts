/**
 * The download ledger: per repo and per file, what a download run did. Both methods (http, git) write it;
 * `status` and export read it. SQL stays here; the downloader calls these functions.
 */
import type { Database } from 'better-sqlite3';
import { scrubSecrets } from '../secrets.js';

export type RepoState = 'pending' | 'downloading' | 'verified' | 'skipped' | 'failed';
export type FileState = 'pending' | 'verified' | 'failed';
export type DownloadMethod = 'http' | 'git';
/** Why a repo was skipped: the Hub's answer (gated, not_found, disabled) or this run's options. */
export type SkipReason = 'gated' | 'not_found' | 'disabled' | 'filtered' | 'over_budget';

/** Skip reasons that come from the Hub (a run with only these and verified repos succeeded). */
export const HUB_SKIP_REASONS: ReadonlySet<string> = new Set<SkipReason>(['gated', 'not_found', 'disabled']);

export interface LedgerRepo {
  repoId: string;
  position: number;
  source: string;
  method: DownloadMethod;
  state: RepoState;
  reason: string | null;
  detail: string | null;
  listedCommit: string | null;
  commit: string | null;
  mainSha: string | null;
  mainCheckedAt: string | null;
  filesTotal: number;
  filesVerified: number;
  bytesTotal: number;
  bytesVerified: number;
  /** Bytes the repo folder takes on disk (git mode, hard links counted once); null when not measured. */
  diskBytes: number | null;
  /** The client identity (hub/client-identity.ts) the last state was recorded under; null before migration 5. */
  askedAs: string | null;
  attempts: number;
  startedAt: string | null;
  updatedAt: string;
  finishedAt: string | null;
}

export interface LedgerFile {
  path: string;
  commit: string;
  state: FileState;
  size: number;
  digest: string;
  bytes: number;
  attempts: number;
  reason: string | null;
  /** ISO-8601 time of the row's last change (for a verified file: when it was verified). */
  updatedAt: string;
}

export interface EnlistedRepo {
  repoId: string;
  position: number;
  /** The commit recorded at listing or given in a urls file; null when there is none. */
  listedCommit: string | null;
}

export interface PlannedFile {
  path: string;
  size: number;
  digest: string;
}

export interface RepoOutcome {
  state: RepoState;
  reason?: string | null;
  detail?: string | null;
  filesTotal?: number;
  filesVerified?: number;
  bytesTotal?: number;
  bytesVerified?: number;
  /** Bytes on disk of the repo folder (git mode); left unchanged when absent. */
  diskBytes?: number;
  /** The client identity this state was learnt under (a skip the Hub gave); left unchanged when absent. */
  askedAs?: string;
}

export interface Ledger {
  /** Adds the repos of a list as pending; existing rows keep their state and get the new position/source. */
  enlist(repos: readonly EnlistedRepo[], source: string): void;
  getRepo(repoId: string): LedgerRepo | null;
  /** All rows, in list order. */
  repos(): LedgerRepo[];
  /** A run starts work on a repo: it is pinned to `commit`, `downloading`, and one more attempt. */
  startRepo(repoId: string, start: { commit: string; method: DownloadMethod; mainSha?: string | null }): void;
  /** Records `main`'s commit as seen now (drift). */
  recordMain(repoId: string, mainSha: string): void;
  /** Ends (or sets) a repo's state with its reason and counts. */
  setRepoState(repoId: string, outcome: RepoOutcome): void;
  /**
   * Aligns the file rows of `repoId` with the files planned at `commit`: new files are added as pending, files
   * whose expected content changed go back to pending. Returns the rows after the update, by path.
   */
  planFiles(repoId: string, commit: string, files: readonly PlannedFile[]): Map<string, LedgerFile>;
  /** The file rows of `repoId`, by path (read only). */
  files(repoId: string): Map<string, LedgerFile>;
  /** Rows of files that are not in `keep` (left over from another commit). */
  filesOutside(repoId: string, keep: ReadonlySet<string>): LedgerFile[];
  deleteFile(repoId: string, path: string): void;
  fileVerified(repoId: string, path: string, bytes: number): void;
  fileFailed(repoId: string, path: string, reason: string): void;
  /** A file was attempted once more (a new download of it started). */
  fileAttempted(repoId: string, path: string): void;
  /** ISO-8601 time of the newest file row change, or null when there is none. */
  lastFileUpdate(): string | null;
  /** Applies many file outcomes in one transaction (one commit instead of one per file). */
  fileOutcomes(outcomes: readonly FileOutcome[]): void;
}

/** How one attempt at a file ended: verified (with its bytes) or failed (with a reason). */
export type FileOutcome =
  | { repoId: string; path: string; state: 'verified'; bytes: number }
  | { repoId: string; path: string; state: 'failed'; reason: string };

interface RepoRow {
  repo_id: string;
  position: number;
  source: string;
  method: DownloadMethod;
  state: RepoState;
  reason: string | null;
  detail: string | null;
  listed_commit: string | null;
  commit_sha: string | null;
  main_sha: string | null;
  main_checked_at: string | null;
  files_total: number;
  files_verified: number;
  bytes_total: number;
  bytes_verified: number;
  disk_bytes: number | null;
  asked_as: string | null;
  attempts: number;
  started_at: string | null;
  updated_at: string;
  finished_at: string | null;
}

interface FileRow {
  path: string;
  commit_sha: string;
  state: FileState;
  size: number;
  digest: string;
  bytes: number;
  attempts: number;
  reason: string | null;
  updated_at: string;
}

export function toLedgerRepo(r: RepoRow): LedgerRepo {
  return {
    repoId: r.repo_id,
    position: r.position,
    source: r.source,
    method: r.method,
    state: r.state,
    reason: r.reason,
    detail: r.detail,
    listedCommit: r.listed_commit,
    commit: r.commit_sha,
    mainSha: r.main_sha,
    mainCheckedAt: r.main_checked_at,
    filesTotal: r.files_total,
    filesVerified: r.files_verified,
    bytesTotal: r.bytes_total,
    bytesVerified: r.bytes_verified,
    diskBytes: r.disk_bytes,
    askedAs: r.asked_as ?? null,
    attempts: r.attempts,
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}

function toLedgerFile(r: FileRow): LedgerFile {
  return {
    path: r.path,
    commit: r.commit_sha,
    state: r.state,
    size: r.size,
    digest: r.digest,
    bytes: r.bytes,
    attempts: r.attempts,
    reason: r.reason,
    updatedAt: r.updated_at,
  };
}

export function createLedger(db: Database, now: () => number = Date.now): Ledger {
  const iso = () => new Date(now()).toISOString();
  const enlistOne = db.prepare(
    `INSERT INTO download_repos (repo_id, position, source, state, listed_commit, updated_at)
     VALUES (@repoId, @position, @source, 'pending', @listedCommit, @now)
     ON CONFLICT (repo_id) DO UPDATE SET position = excluded.position, source = excluded.source,
       listed_commit = excluded.listed_commit`,
  );
  const enlist = db.transaction((repos: readonly EnlistedRepo[], source: string) => {
    const at = iso();
    for (const r of repos) enlistOne.run({ ...r, source, now: at });
  });
  const getRepo = db.prepare<[string], RepoRow>('SELECT * FROM download_repos WHERE repo_id = ?');
  const allRepos = db.prepare<[], RepoRow>('SELECT * FROM download_repos ORDER BY position, repo_id');
  const start = db.prepare(
    `UPDATE download_repos SET state = 'downloading', reason = NULL, detail = NULL, commit_sha = @commit,
       method = @method, main_sha = COALESCE(@mainSha, main_sha),
       main_checked_at = CASE WHEN @mainSha IS NULL THEN main_checked_at ELSE @now END,
       attempts = attempts + 1, started_at = @now, updated_at = @now, finished_at = NULL
     WHERE repo_id = @repoId`,
  );
  const recordMain = db.prepare(
    'UPDATE download_repos SET main_sha = ?, main_checked_at = ?, updated_at = ? WHERE repo_id = ?',
  );
  const setState = db.prepare(
    `UPDATE download_repos SET state = @state, reason = @reason, detail = @detail,
       files_total = COALESCE(@filesTotal, files_total), files_verified = COALESCE(@filesVerified, files_verified),
       bytes_total = COALESCE(@bytesTotal, bytes_total), bytes_verified = COALESCE(@bytesVerified, bytes_verified),
       disk_bytes = COALESCE(@diskBytes, disk_bytes), asked_as = COALESCE(@askedAs, asked_as),
       updated_at = @now,
       finished_at = CASE WHEN @state IN ('verified', 'skipped', 'failed') THEN @now ELSE NULL END
     WHERE repo_id = @repoId`,
  );
  const fileRows = db.prepare<[string], FileRow>(
    `SELECT path, commit_sha, state, size, digest, bytes, attempts, reason, updated_at
       FROM download_files WHERE repo_id = ?`,
  );
  const upsertFile = db.prepare(
    `INSERT INTO download_files (repo_id, path, commit_sha, state, size, digest, updated_at)
     VALUES (@repoId, @path, @commit, 'pending', @size, @digest, @now)
     ON CONFLICT (repo_id, path) DO UPDATE SET commit_sha = excluded.commit_sha,
       state = CASE WHEN download_files.digest = excluded.digest AND download_files.size = excluded.size
                    THEN download_files.state ELSE 'pending' END,
       bytes = CASE WHEN download_files.digest = excluded.digest AND download_files.size = excluded.size
                    THEN download_files.bytes ELSE 0 END,
       updated_at = CASE WHEN download_files.digest = excluded.digest AND download_files.size = excluded.size
                    THEN download_files.updated_at ELSE excluded.updated_at END,
       size = excluded.size, digest = excluded.digest`,
  );
  const planFiles = db.transaction((repoId: string, commit: string, files: readonly PlannedFile[]) => {
    const at = iso();
    for (const f of files) upsertFile.run({ repoId, commit, ...f, now: at });
  });
  const deleteFile = db.prepare('DELETE FROM download_files WHERE repo_id = ? AND path = ?');
  const fileVerified = db.prepare(
    `UPDATE download_files SET state = 'verified', bytes = ?, reason = NULL, updated_at = ?
     WHERE repo_id = ? AND path = ?`,
  );
  const fileFailed = db.prepare(
    `UPDATE download_files SET state = 'failed', reason = ?, updated_at = ? WHERE repo_id = ? AND path = ?`,
  );
  const fileOutcome = db.prepare(
    `UPDATE download_files SET state = @state, bytes = COALESCE(@bytes, bytes), reason = @reason,
       attempts = attempts + 1, updated_at = @now
     WHERE repo_id = @repoId AND path = @path`,
  );
  const fileOutcomes = db.transaction((outcomes: readonly FileOutcome[]) => {
    const at = iso();
    for (const o of outcomes) {
      fileOutcome.run({
        repoId: o.repoId,
        path: o.path,
        state: o.state,
        bytes: o.state === 'verified' ? o.bytes : null,
        reason: o.state === 'failed' ? o.reason : null,
        now: at,
      });
    }
  });
  const lastFileUpdate = db.prepare<[], { at: string | null }>(
    'SELECT max(updated_at) AS at FROM download_files',
  );
  const fileAttempted = db.prepare(
    'UPDATE download_files SET attempts = attempts + 1, updated_at = ? WHERE repo_id = ? AND path = ?',
  );

  const rowsByPath = (repoId: string) => new Map(fileRows.all(repoId).map((r) => [r.path, toLedgerFile(r)]));

  return {
    enlist: (repos, source) => enlist(repos, source),
    getRepo: (repoId) => {
      const row = getRepo.get(repoId);
      return row === undefined ? null : toLedgerRepo(row);
    },
    repos: () => allRepos.all().map(toLedgerRepo),
    startRepo: (repoId, s) => {
      start.run({ repoId, commit: s.commit, method: s.method, mainSha: s.mainSha ?? null, now: iso() });
    },
    recordMain: (repoId, mainSha) => {
      const at = iso();
      recordMain.run(mainSha, at, at, repoId);
    },
    setRepoState: (repoId, o) => {
      setState.run({
        repoId,
        state: o.state,
        reason: o.reason ?? null,
        // Text entering the catalog: what a server echoed (the token) never gets stored.
        detail: o.detail === undefined || o.detail === null ? null : scrubSecrets(o.detail),
        filesTotal: o.filesTotal ?? null,
        filesVerified: o.filesVerified ?? null,
        bytesTotal: o.bytesTotal ?? null,
        bytesVerified: o.bytesVerified ?? null,
        diskBytes: o.diskBytes ?? null,
        askedAs: o.askedAs ?? null,
        now: iso(),
      });
    },
    planFiles: (repoId, commit, files) => {
      planFiles(repoId, commit, files);
      return rowsByPath(repoId);
    },
    files: (repoId) => rowsByPath(repoId),
    filesOutside: (repoId, keep) =>
      fileRows
        .all(repoId)
        .filter((r) => !keep.has(r.path))
        .map(toLedgerFile),
    deleteFile: (repoId, path) => {
      deleteFile.run(repoId, path);
    },
    fileVerified: (repoId, path, bytes) => {
      fileVerified.run(bytes, iso(), repoId, path);
    },
    fileFailed: (repoId, path, reason) => {
      fileFailed.run(reason, iso(), repoId, path);
    },
    fileAttempted: (repoId, path) => {
      fileAttempted.run(iso(), repoId, path);
    },
    lastFileUpdate: () => lastFileUpdate.get()?.at ?? null,
    fileOutcomes: (outcomes) => {
      if (outcomes.length > 0) fileOutcomes(outcomes);
    },
  };
}

/**
 * The commit whose files were downloaded and verified for `repoId`, or null when the repo is not verified
 * (export records it as `LatestGitCommitSHA`).
 */
export function downloadedCommit(catalog: { db: Database }, repoId: string): string | null {
  const row = catalog.db
    .prepare<[string], { commit_sha: string | null }>(
      "SELECT commit_sha FROM download_repos WHERE repo_id = ? AND state = 'verified'",
    )
    .get(repoId);
  return row?.commit_sha ?? null;
}

/** `downloadedCommit` for every verified repo at once (export walks thousands of records). */
export function downloadedCommits(catalog: { db: Database }): Map<string, string> {
  const rows = catalog.db
    .prepare<[], { repo_id: string; commit_sha: string }>(
      "SELECT repo_id, commit_sha FROM download_repos WHERE state = 'verified' AND commit_sha IS NOT NULL",
    )
    .all();
  return new Map(rows.map((r) => [r.repo_id, r.commit_sha]));
}
