/**
 * LFS objects of a clone (`.git/lfs/objects/aa/bb/<oid>`): verified by their sha256, and put in the working
 * tree either as a hard link to the object (one copy on disk, both paths valid) or as a copy of it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, lstat, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Where git-lfs keeps the object `oid` of the clone whose `.git` is `gitDir`. */
export function lfsObjectPath(gitDir: string, oid: string): string {
  return join(gitDir, 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid);
}

/** sha256 (hex) of a file's bytes, streamed. */
async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024, signal })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

export type ObjectCheck = 'ok' | 'missing' | 'wrong-size' | 'wrong-hash';

/** Whether the object file at `path` holds exactly `size` bytes hashing to `oid`. */
export async function checkObject(
  path: string,
  oid: string,
  size: number,
  signal?: AbortSignal,
): Promise<ObjectCheck> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  if (!stats.isFile()) return 'missing';
  if (stats.size !== size) return 'wrong-size';
  return (await sha256File(path, signal)) === oid ? 'ok' : 'wrong-hash';
}

/**
 * Puts the (verified) object at `target`: a hard link to it (`dedupe`) or a copy. Atomic for the target (a
 * temporary name in the same folder, then a rename over the pointer file), and a no-op when the target
 * already is what is asked (same inode for a link; another inode of the right size for a copy, whose bytes
 * git's refresh then re-hashes).
 */
export async function placeObject(
  object: string,
  target: string,
  size: number,
  dedupe: boolean,
): Promise<void> {
  const [from, to] = await Promise.all([lstat(object), lstat(target).catch(() => null)]);
  if (to?.isFile() === true) {
    const sameInode = to.ino === from.ino && to.dev === from.dev;
    if (dedupe ? sameInode : !sameInode && to.size === size) return;
  }
  const temp = join(
    dirname(target),
    `.${basename(target).slice(0, 32)}.${randomBytes(6).toString('hex')}.hftorrent-tmp`,
  );
  try {
    if (dedupe) await linkOrCopy(object, temp);
    // a plain copy: two independent files, as `git lfs pull` leaves them
    else await copyFile(object, temp);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Filesystems that refuse hard links (some network and FAT-like ones) get a copy: dedupe is best effort. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'EXDEV']);

async function linkOrCopy(object: string, temp: string): Promise<void> {
  try {
    await link(object, temp);
  } catch (error) {
    if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await copyFile(object, temp);
  }
}
