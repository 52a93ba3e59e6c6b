/**
 * HTTP's part of admitting a repo: align the ledger's file rows with the pinned commit (removing what an
 * earlier commit left), and sort out which selected files are already verified on disk (no request for those)
 * from those that must be fetched.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { Ledger, LedgerFile } from '../../catalog/ledger.js';
import { HfTorrentError } from '../../errors.js';
import { expectedContent } from '../content-hash.js';
import type { AdmittedRepo } from '../engine/download-method.js';
import type { FileTask, RepoRun } from '../run-types.js';
import type { DownloadLayout } from '../layouts/download-layout.js';
import { safePathSegments } from '../safe-path.js';

export interface PlanContext {
  dataDir: string;
  layout: DownloadLayout;
  ledger: Ledger;
  dryRun: boolean;
  /** The run's signal: every repo's controller follows it. */
  signal: AbortSignal;
  /** Re-hash every file already verified before trusting it. */
  verifyExisting: boolean;
  /** Files verified at or after this ISO time are re-hashed before they are trusted (crash-recovery.ts). */
  recheckVerifiedSince: string | null;
}

/** The repo's run state and the files to fetch, biggest first. */
export async function planRepoFiles(
  ctx: PlanContext,
  repo: AdmittedRepo,
): Promise<{ run: RepoRun; tasks: FileTask[] }> {
  const { repoId, folder } = repo;
  const { commit } = repo.manifest;
  const planned = repo.selected.map((c) => ({ ...c, expected: expectedContent(c.file) }));
  if (!ctx.dryRun && repo.previous?.commit != null && repo.previous.commit !== commit) {
    const keep = new Set(repo.all.map((c) => c.file.path));
    await removeLeftovers(ctx, repo, commit, keep);
  }
  const rows: Map<string, LedgerFile> = ctx.dryRun
    ? ctx.ledger.files(repoId)
    : ctx.ledger.planFiles(
        repoId,
        commit,
        planned.map((p) => ({ path: p.file.path, size: p.expected.size, digest: p.expected.digest })),
      );
  const run = newRepoRun(repo, ctx.signal);
  const tasks: FileTask[] = [];
  // Big files first: the run then ends on small files rather than on one large file alone in flight.
  planned.sort((a, b) => b.expected.size - a.expected.size || (a.file.path < b.file.path ? -1 : 1));
  // A repo never downloaded has no folder: then no file needs a look (the common case of a first run).
  const folderExists = lstatSync(folder, { throwIfNoEntry: false }) !== undefined;
  for (const p of planned) {
    const laidOut = {
      repoSegments: repo.folderSegments,
      commit,
      fileSegments: p.segments,
      expected: p.expected,
    };
    const content = join(ctx.layout.root, ...ctx.layout.contentSegments(laidOut));
    const onDisk = folderExists ? regularFileSize(content) : null;
    const sizeMatches = onDisk === p.expected.size;
    const row = rows.get(p.file.path);
    // a blob the cache holds is not yet the file where readers look until the snapshot links it
    const verified =
      row?.state === 'verified' &&
      row.digest === p.expected.digest &&
      row.size === p.expected.size &&
      ctx.layout.exposed(laidOut);
    const suspect =
      ctx.verifyExisting ||
      (ctx.recheckVerifiedSince !== null && (row?.updatedAt ?? '') >= ctx.recheckVerifiedSince);
    if (verified && sizeMatches && !suspect) {
      run.verifiedFiles += 1;
      run.verifiedBytes += p.expected.size;
      continue;
    }
    tasks.push({
      run,
      path: p.file.path,
      segments: p.segments,
      expected: p.expected,
      checkFinal: sizeMatches,
    });
  }
  return { run, tasks };
}

function newRepoRun(repo: AdmittedRepo, signal: AbortSignal): RepoRun {
  const controller = new AbortController();
  return {
    repoId: repo.repoId,
    commit: repo.manifest.commit,
    folderSegments: repo.folderSegments,
    revision: repo.revision,
    manifestFiles: repo.manifest.files,
    files: repo.selected.length,
    bytes: repo.bytes,
    remaining: 0,
    verifiedFiles: 0,
    verifiedBytes: 0,
    failedFiles: 0,
    failure: null,
    stop: null,
    controller,
    signal: AbortSignal.any([signal, controller.signal]),
    staging: null,
    knownDirs: new Set(),
  };
}

/**
 * Size of the regular file at `path` (symlinks are not followed), or null when there is none. Synchronous: an
 * lstat of a cached entry takes microseconds, less than a thread-pool round trip and a thrown ENOENT.
 */
function regularFileSize(path: string): number | null {
  try {
    const stats = lstatSync(path, { throwIfNoEntry: false });
    return stats?.isFile() === true ? stats.size : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * The repo was pinned to another commit before (a new selection): files we wrote for that commit that the new
 * commit does not have would make the folder a mix of two commits, so they go.
 */
async function removeLeftovers(
  ctx: PlanContext,
  repo: AdmittedRepo,
  commit: string,
  keep: ReadonlySet<string>,
): Promise<void> {
  const { repoId } = repo;
  for (const row of ctx.ledger.filesOutside(repoId, keep)) {
    if (row.commit === commit) continue;
    try {
      // never through a folder a link replaced (that would delete outside the data dir): such a file stays
      await ctx.layout.removeStale(repo.folderSegments, safePathSegments(row.path, repoId));
    } catch (error) {
      if (!(error instanceof HfTorrentError)) throw error;
    }
    ctx.ledger.deleteFile(repoId, row.path);
  }
}
