/**
 * Step 3 of a clone: `git lfs fetch` the pinned commit's LFS objects, then check every object ourselves
 * (size and sha256 from disk), and fetch again, a bounded number of times, while any is missing or wrong.
 * git-lfs refuses bytes that do not hash to their oid without trying again itself, so a corrupted transfer
 * costs one more fetch of that object.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { GitError, HashMismatchError } from '../../errors.js';
import type { RepoFile } from '../../types.js';
import type { CloneRepoOptions } from './clone-repo.js';
import { backoffMillis } from '../backoff.js';
import { isRetryable, type GitConfig } from './git-session.js';
import { checkObject, lfsObjectPath } from './lfs-objects.js';
import { lfsIncludeList, type SparseSelection } from './sparse-selection.js';

export type LfsFetchOptions = Pick<
  CloneRepoOptions,
  'session' | 'repoId' | 'commit' | 'files' | 'lfsTransfers' | 'retry' | 'sleep' | 'signal'
> & {
  /** Set when `files` are a selection: git-lfs is asked for their objects only (when it can name them). */
  sparse?: SparseSelection;
};

/** Objects hashed at once. */
const HASH_CONCURRENCY = 4;

/** The pinned commit's LFS objects, one per oid. */
function lfsObjects(files: readonly RepoFile[]): Array<{ oid: string; size: number }> {
  const byOid = new Map<string, number>();
  for (const f of files) if (f.lfs !== null) byOid.set(f.lfs.sha256, f.lfs.size);
  return [...byOid].map(([oid, size]) => ({ oid, size }));
}

export async function fetchLfs(
  o: LfsFetchOptions,
  cloneDir: string,
): Promise<{ objects: number; fetches: number }> {
  const objects = lfsObjects(o.files);
  if (objects.length === 0) return { objects: 0, fetches: 0 };
  const gitDir = join(cloneDir, '.git');
  const config: GitConfig = [
    // the endpoint's LFS API, whatever a `.lfsconfig` in the repository says
    ['lfs.url', `${o.session.endpoint}/${o.repoId}.git/info/lfs`],
    ['lfs.concurrenttransfers', String(o.lfsTransfers)],
  ];
  const include =
    o.sparse == null ? null : lfsIncludeList(o.files.filter((f) => f.lfs !== null).map((f) => f.path));
  const args = ['lfs', 'fetch', ...(include === null ? [] : [`--include=${include}`]), 'origin', o.commit];
  const limit = pLimit(HASH_CONCURRENCY);
  for (let fetches = 1; ; fetches++) {
    const result = await o.session.run(args, cloneDir, config);
    const checks = await Promise.all(
      objects.map((obj) =>
        limit(async () => ({
          ...obj,
          check: await checkObject(lfsObjectPath(gitDir, obj.oid), obj.oid, obj.size, o.signal),
        })),
      ),
    );
    const bad = checks.filter((c) => c.check !== 'ok');
    if (bad.length === 0) return { objects: objects.length, fetches };
    // git-lfs keeps an object only after hashing it, so a wrong one here was damaged on disk: fetch it again
    await Promise.all(bad.map((b) => rm(lfsObjectPath(gitDir, b.oid), { force: true })));
    const first = bad[0] as (typeof bad)[number];
    const error =
      result.code !== 0
        ? o.session.failure(args, result, o.repoId)
        : first.check === 'missing'
          ? new GitError(`${o.repoId}: git lfs fetch left ${bad.length} object(s) missing, e.g. ${first.oid}`)
          : new HashMismatchError(`${o.repoId}: LFS object ${first.oid} does not hash to its oid`, {
              repoId: o.repoId,
              expected: first.oid,
            });
    const pause = isRetryable(error) ? backoffMillis(o.retry, fetches) : null;
    if (pause === null) throw error;
    await o.sleep(pause, o.signal);
  }
}
