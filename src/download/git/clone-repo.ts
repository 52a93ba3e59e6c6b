/**
 * One repo in git mode, from nothing (or from what a killed run left) to a verified clone at its final path:
 *
 * 1. clone into the repo's staging folder (`repos/.incomplete/AUTHOR/MODEL/git/clone`) without checkout and
 *    without LFS content, fetch the pinned commit if the clone lacks it (shallow clone of a moved repo),
 *    check it out detached (`main` stays a branch), sparse when `--include`/`--exclude` select some files
 *    (sparse-selection.ts), then write the `cloned.json` marker;
 * 2. check `HEAD` and its tree against the manifest (paths and blob ids, LFS pointers included);
 * 3. `git lfs fetch` the pinned commit's objects, verify each object's sha256 and size ourselves, and fetch
 *    again (bounded) while any is missing or wrong;
 * 4. put each LFS file in the working tree as a hard link to its object (dedupe) or a copy;
 * 5. re-add the LFS paths to the index (git-lfs's clean filter hashes each file and must make the committed
 *    pointer again) and require `git status` clean;
 * 6. rename the clone to `repos/AUTHOR/MODEL`, replacing whatever was there.
 *
 * A run killed before the marker leaves a staging folder that the next run removes and clones again; after
 * the marker, the next run resumes at step 2 (git-lfs keeps the objects it has). The final path only ever
 * receives a clone that passed every check. An audit (`verifyExisting`, or after a reboot) moves a verified
 * clone back to staging, has git check every object and re-hash every file, and clones again if it is damaged.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { BadResponseError, GitError, HashMismatchError } from '../../errors.js';
import type { RepoFile } from '../../types.js';
import { resolveInside } from '../safe-path.js';
import {
  adoptFinal,
  cloneStaging,
  isCloned,
  markCloned,
  moveIntoPlace,
  resetStaging,
  type CloneStaging,
} from './clone-staging.js';
import { diskUsage } from './disk-usage.js';
import type { RetryPolicy } from '../../hub/retry-policy.js';
import { withLocalRetries } from '../backoff.js';
import { isRetryable, type GitConfig, type GitSession } from './git-session.js';
import { fetchLfs } from './lfs-fetch.js';
import { lfsObjectPath, placeObject } from './lfs-objects.js';
import { describeGitResult } from './run-git.js';
import { parseLsTree, treeMismatch } from './pinned-tree.js';
import {
  SPARSE_CONFIG,
  sparseCheckoutFile,
  sparseCheckoutText,
  type SparseSelection,
} from './sparse-selection.js';

export type ClonePhase = 'clone' | 'lfs' | 'verify' | 'place';

export interface CloneRepoOptions {
  session: GitSession;
  repoId: string;
  /** The pinned commit (40 hex). */
  commit: string;
  /** The manifest at `commit` (every file: the clone's tree is checked against all of it). */
  files: readonly RepoFile[];
  /** The paths the working tree gets (a sparse checkout), or null for all of them. Default null. */
  sparse?: SparseSelection;
  /** `repos/` and the repo's `[AUTHOR, MODEL]` under it. */
  reposRoot: string;
  folderSegments: readonly [string, string];
  /** This repo's git staging folder (on the same filesystem as `repos/`). */
  stageDir: string;
  /** Shallow clone of this many commits; undefined clones the whole history. */
  depth?: number;
  /** Hard-link LFS files to their objects (true) or copy them (false). */
  dedupe: boolean;
  /** LFS objects in flight for this repo (`lfs.concurrenttransfers`). */
  lfsTransfers: number;
  /**
   * The repo's final folder holds a clone verified before (at this commit) that is no longer trusted (after
   * a reboot, or `verifyExisting`): move it back to staging and check every object and file from disk; a
   * damaged one is cloned again. Default false.
   */
  audit?: boolean;
  /** Tries of a step that failed transiently (network, 5xx, 429, wrong bytes), and the pauses between. */
  retry: RetryPolicy;
  sleep: (millis: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  onPhase?: (phase: ClonePhase) => void;
}

export interface CloneOutcome {
  /** True when a clone left by an earlier run was completed instead of cloned again. */
  resumed: boolean;
  /** Distinct LFS objects of the pinned commit. */
  lfsObjects: number;
  /** Runs of `git lfs fetch` it took (0 without LFS files). */
  lfsFetches: number;
  /** Bytes the repo folder takes on disk, hard links counted once. */
  diskBytes: number;
}

/** Checkout writes blobs as they are: an LFS file's pointer (what GIT_LFS_SKIP_SMUDGE makes git-lfs write). */
const NO_LFS_FILTER: GitConfig = [
  ['filter.lfs.process', ''],
  ['filter.lfs.smudge', ''],
  ['filter.lfs.required', 'false'],
];
/** Files linked or copied at once. */
const FILE_CONCURRENCY = 4;

export async function cloneRepo(o: CloneRepoOptions): Promise<CloneOutcome> {
  const staging = cloneStaging(o.stageDir, o.commit, o.depth, o.sparse ?? null);
  if (o.audit === true && (await adoptFinal(staging, finalFolder(o)))) {
    try {
      return await complete(o, staging, true);
    } catch (error) {
      // damaged on disk (a crash, an edit): a fresh clone repairs it; the Hub's refusals still count
      if (!isLocalDamage(error)) throw error;
      await resetStaging(staging);
    }
  }
  const resumed = await isCloned(staging);
  if (!resumed) {
    o.onPhase?.('clone');
    await resetStaging(staging);
    await withLocalRetries(() => cloneAt(o, staging.cloneDir), isRetryable, { ...o, policy: o.retry });
    await markCloned(staging);
  }
  return complete(o, staging, resumed);
}

/** Steps 2 to 6 on a finished clone in staging; `audit` first re-checks every object and file from disk. */
async function complete(o: CloneRepoOptions, staging: CloneStaging, resumed: boolean): Promise<CloneOutcome> {
  const { cloneDir } = staging;
  o.onPhase?.('verify');
  await checkPinned(o, cloneDir);
  if (o.audit === true && resumed) await rehashAll(o, cloneDir);
  o.onPhase?.('lfs');
  const wanted = wantedFiles(o);
  const { objects, fetches } = await fetchLfs({ ...o, files: wanted, sparse: o.sparse ?? null }, cloneDir);
  o.onPhase?.('place');
  await placeLfsFiles(o, wanted, cloneDir);
  await checkClean(o, wanted, cloneDir);
  const finalDir = await moveIntoPlace(staging, o.reposRoot, o.folderSegments);
  return { resumed, lfsObjects: objects, lfsFetches: fetches, diskBytes: await diskUsage(finalDir) };
}

/** The files the working tree holds: the selection's, or all. */
function wantedFiles(o: CloneRepoOptions): readonly RepoFile[] {
  if (o.sparse == null) return o.files;
  const selected = new Set(o.sparse);
  return o.files.filter((f) => selected.has(f.path));
}

function finalFolder(o: CloneRepoOptions): string {
  return join(o.reposRoot, ...o.folderSegments);
}

/** Errors that say the clone on disk is damaged, as opposed to an answer from the Hub or the network. */
function isLocalDamage(error: unknown): boolean {
  return error instanceof GitError || error instanceof BadResponseError || error instanceof HashMismatchError;
}

/**
 * An audit: git checks every object (`fsck`), and the index is rebuilt without stat data so that every file
 * of the working tree is hashed again (LFS files through the clean filter) instead of trusted by its stat.
 */
async function rehashAll(o: CloneRepoOptions, cloneDir: string): Promise<void> {
  const fsck = await o.session.run(['fsck', '--no-progress', '--no-dangling', '--full'], cloneDir);
  if (fsck.code !== 0) throw new GitError(`${o.repoId}: ${describeGitResult(['fsck'], fsck)}`);
  await rm(join(cloneDir, '.git', 'index'), { force: true });
  await o.session.ok(['read-tree', 'HEAD'], cloneDir, { repoId: o.repoId });
  // a fresh index has no skip-worktree bits: the files a sparse checkout leaves out would read as deleted
  if (o.sparse != null) await o.session.ok(['sparse-checkout', 'reapply'], cloneDir, { repoId: o.repoId });
  // exit status 1 only says that some file differs: `git status` decides after the LFS steps
  await o.session.run(['update-index', '-q', '--refresh'], cloneDir);
}

async function cloneAt(o: CloneRepoOptions, cloneDir: string): Promise<void> {
  const ctx = { repoId: o.repoId };
  await rm(cloneDir, { recursive: true, force: true });
  const depth = o.depth === undefined ? [] : ['--depth', String(o.depth)];
  const url = `${o.session.endpoint}/${o.repoId}`;
  // no template: the sample hooks and description git would copy serve no one here
  await o.session.ok(
    ['clone', '--quiet', '--no-checkout', '--template=', ...depth, '--', url, cloneDir],
    o.stageDir,
    ctx,
  );
  const present = await o.session.run(['cat-file', '-e', `${o.commit}^{commit}`], cloneDir);
  // `main` moved on and the clone is shallow (or the commit is on no branch): ask for the commit itself
  if (present.code !== 0)
    await o.session.ok(['fetch', '--quiet', ...depth, 'origin', o.commit], cloneDir, ctx);
  if (o.sparse != null) await makeSparse(o, cloneDir, o.sparse);
  // LFS files are checked out as their pointers without starting git-lfs at all (they are re-added later)
  await o.session.ok(['checkout', '--quiet', '--detach', o.commit], cloneDir, {
    ...ctx,
    config: NO_LFS_FILTER,
  });
}

/** Before the checkout: only the selected paths will be written, and git will keep it so (in the clone's config). */
async function makeSparse(o: CloneRepoOptions, cloneDir: string, paths: readonly string[]): Promise<void> {
  const file = sparseCheckoutFile(join(cloneDir, '.git'));
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, sparseCheckoutText(paths));
  for (const [key, value] of SPARSE_CONFIG) {
    await o.session.ok(['config', key, value], cloneDir, { repoId: o.repoId });
  }
}

async function checkPinned(o: CloneRepoOptions, cloneDir: string): Promise<void> {
  const ctx = { repoId: o.repoId };
  const refs = await o.session.run(['rev-parse', 'HEAD^{commit}', 'refs/heads/main'], cloneDir);
  const [head, main] = refs.stdout.toString('utf8').split('\n');
  if (head !== o.commit)
    throw new GitError(`${o.repoId}: HEAD is ${head ?? '?'}, not the pinned ${o.commit}`);
  if (refs.code !== 0 || main === undefined || !/^[0-9a-f]{40}$/.test(main)) {
    throw new GitError(`${o.repoId}: the clone has no main branch`);
  }
  const tree = parseLsTree(
    await o.session.ok(['ls-tree', '-r', '-z', '--full-tree', o.commit], cloneDir, ctx),
  );
  const mismatch = treeMismatch(tree, o.files);
  if (mismatch !== null) {
    throw new BadResponseError(`${o.repoId}: git and the API disagree on ${o.commit}: ${mismatch}`, {
      repoId: o.repoId,
    });
  }
}

async function placeLfsFiles(
  o: CloneRepoOptions,
  wanted: readonly RepoFile[],
  cloneDir: string,
): Promise<void> {
  const gitDir = join(cloneDir, '.git');
  const limit = pLimit(FILE_CONCURRENCY);
  await Promise.all(
    wanted
      .filter((f) => f.lfs !== null)
      .map((f) =>
        limit(() => {
          const lfs = f.lfs as NonNullable<RepoFile['lfs']>;
          const target = resolveInside(cloneDir, f.path, o.repoId);
          return placeObject(lfsObjectPath(gitDir, lfs.sha256), target, lfs.size, o.dedupe);
        }),
      ),
  );
}

/**
 * The index still holds the pointer files' stat data, and git takes a size change for a content change
 * without looking (`--refresh` cannot fix that): re-add the LFS paths, so that git-lfs's clean filter hashes
 * each file again and stores the pointer it makes (what `git lfs pull` does after a checkout). A file whose
 * bytes are not its oid's makes another pointer, which `git status` then shows as a change: it is the verdict.
 */
async function checkClean(o: CloneRepoOptions, wanted: readonly RepoFile[], cloneDir: string): Promise<void> {
  const lfsPaths = wanted.filter((f) => f.lfs !== null).map((f) => `${f.path}\0`);
  if (lfsPaths.length > 0) {
    await o.session.ok(['update-index', '-q', '-z', '--stdin'], cloneDir, {
      repoId: o.repoId,
      input: Buffer.from(lfsPaths.join(''), 'utf8'),
    });
  }
  const status = await o.session.ok(
    ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=no'],
    cloneDir,
    { repoId: o.repoId },
  );
  if (status !== '') {
    const entries = status.split('\0').filter((e) => e !== '');
    throw new GitError(
      `${o.repoId}: the working tree differs from ${o.commit}: ${entries.slice(0, 3).join(', ')}` +
        (entries.length > 3 ? ` and ${entries.length - 3} more` : ''),
    );
  }
}
