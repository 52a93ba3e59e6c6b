/**
 * Admitting one repo into the run, in rank order, once its manifest is known: refuse unsafe paths, apply the
 * filters and the byte budget, align the ledger's file rows with the pinned commit, and sort out which files
 * are already verified on disk (no request for those) from those that must be fetched.
 */
import { lstatSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ledger, LedgerFile, LedgerRepo } from '../catalog/ledger.js';
import { HfTorrentError } from '../errors.js';
import type { RepoFile } from '../types.js';
import type { ByteBudget } from './byte-budget.js';
import { expectedContent } from './content-hash.js';
import type { RepoPlanSummary } from './events.js';
import { FILTERED_OUT, type FileFilter } from './file-filter.js';
import { reposRoot } from './layout.js';
import { repoFolderSegments } from './repo-folder.js';
import type { FileTask, RepoRun } from './run-types.js';
import { resolveInside, safePathSegments } from './safe-path.js';

export interface AdmissionContext {
  dataDir: string;
  ledger: Ledger;
  filter: FileFilter;
  budget: ByteBudget;
  dryRun: boolean;
  /** The run's signal: every repo's controller follows it. */
  signal: AbortSignal;
  /** Re-hash every file already verified before trusting it. */
  verifyExisting: boolean;
  /** Files verified at or after this ISO time are re-hashed before they are trusted (crash-recovery.ts). */
  recheckVerifiedSince: string | null;
}

export type Admission =
  | { kind: 'queued'; run: RepoRun; tasks: FileTask[] }
  | {
      kind: 'ended';
      state: 'skipped' | 'failed';
      reason: string;
      detail: string;
      files?: number;
      bytes?: number;
    }
  | { kind: 'planned'; plan: RepoPlanSummary };

interface Checked {
  file: RepoFile;
  segments: string[];
}

export async function admitRepo(
  ctx: AdmissionContext,
  repoId: string,
  commit: string,
  manifest: readonly RepoFile[],
  previous: LedgerRepo | null,
): Promise<Admission> {
  // Every path is checked, even those the filters drop: a server that sends one unsafe path gets nothing.
  const checked: Checked[] = [];
  for (const file of manifest) {
    try {
      checked.push({ file, segments: safePathSegments(file.path, repoId) });
    } catch (error) {
      const detail = error instanceof HfTorrentError ? error.message : String(error);
      return { kind: 'ended', state: 'failed', reason: 'unsafe_path', detail };
    }
  }
  const selected = checked.filter((c) => ctx.filter(c.file.path));
  const bytes = selected.reduce((sum, c) => sum + c.file.size, 0);
  if (checked.length > 0 && selected.length === 0) {
    return { kind: 'ended', state: 'skipped', ...FILTERED_OUT };
  }
  if (!ctx.budget.admit(bytes)) {
    return {
      kind: 'ended',
      state: 'skipped',
      reason: 'over_budget',
      detail: `${bytes} bytes do not fit in what is left of --max-bytes`,
      files: selected.length,
      bytes,
    };
  }
  const folderSegments = repoFolderSegments(repoId);
  const folder = join(reposRoot(ctx.dataDir), ...folderSegments);
  const planned = selected.map((c) => ({ ...c, expected: expectedContent(c.file) }));
  if (!ctx.dryRun && previous?.commit != null && previous.commit !== commit) {
    await removeLeftovers(ctx.ledger, repoId, commit, folder, new Set(checked.map((c) => c.file.path)));
  }
  const rows: Map<string, LedgerFile> = ctx.dryRun
    ? ctx.ledger.files(repoId)
    : ctx.ledger.planFiles(
        repoId,
        commit,
        planned.map((p) => ({ path: p.file.path, size: p.expected.size, digest: p.expected.digest })),
      );
  const controller = new AbortController();
  const run: RepoRun = {
    repoId,
    commit,
    folderSegments,
    files: selected.length,
    bytes,
    remaining: 0,
    verifiedFiles: 0,
    verifiedBytes: 0,
    failedFiles: 0,
    failure: null,
    stop: null,
    controller,
    signal: AbortSignal.any([ctx.signal, controller.signal]),
    staging: null,
    knownDirs: new Set(),
  };
  const tasks: FileTask[] = [];
  // Big files first: the run then ends on small files rather than on one large file alone in flight.
  planned.sort((a, b) => b.expected.size - a.expected.size || (a.file.path < b.file.path ? -1 : 1));
  // A repo never downloaded has no folder: then no file needs a look (the common case of a first run).
  const folderExists = lstatSync(folder, { throwIfNoEntry: false }) !== undefined;
  for (const p of planned) {
    const onDisk = folderExists ? regularFileSize(resolveInside(folder, p.file.path, repoId)) : null;
    const sizeMatches = onDisk === p.expected.size;
    const row = rows.get(p.file.path);
    const verified =
      row?.state === 'verified' && row.digest === p.expected.digest && row.size === p.expected.size;
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
  if (ctx.dryRun) {
    return {
      kind: 'planned',
      plan: {
        repoId,
        commit,
        files: selected.length,
        bytes,
        filesToFetch: tasks.length,
        bytesToFetch: tasks.reduce((sum, t) => sum + t.expected.size, 0),
      },
    };
  }
  return { kind: 'queued', run, tasks };
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
  ledger: Ledger,
  repoId: string,
  commit: string,
  folder: string,
  keep: ReadonlySet<string>,
): Promise<void> {
  for (const row of ledger.filesOutside(repoId, keep)) {
    if (row.commit === commit) continue;
    try {
      await rm(resolveInside(folder, row.path, repoId), { force: true });
    } catch (error) {
      if (!(error instanceof HfTorrentError)) throw error;
    }
    ledger.deleteFile(repoId, row.path);
  }
}
