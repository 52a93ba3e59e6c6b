/**
 * Creating, and removing, inside `repos/` without ever following a symlink: every existing component from
 * `repos/` down must be a real directory. A repo folder can hold symlinks (git mode checks out whatever the
 * repository contains), and a data dir can be tampered with (a link planted at `repos/.incomplete` or in place
 * of a repo's sub-folder); writing or deleting through one would reach outside the data dir.
 */
import { lstat, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UnsafePathError } from '../errors.js';

/**
 * Makes `root/segments[0]/…/segments[n-1]`, each a real directory, and returns its path. `root` itself is
 * trusted (it is ours, or a user's deliberate mount) and made when missing. `known` caches directories already
 * checked in this run.
 */
export async function ensureRealDirs(
  root: string,
  segments: readonly string[],
  known?: Set<string>,
): Promise<string> {
  if (known?.has(root) !== true) {
    await mkdir(root, { recursive: true });
    known?.add(root);
  }
  let current = root;
  for (const segment of segments) {
    current = join(current, segment);
    if (known?.has(current)) continue;
    try {
      await mkdir(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const stats = await lstat(current);
    if (!stats.isDirectory()) {
      const what = stats.isSymbolicLink() ? 'a symlink' : 'not a directory';
      throw new UnsafePathError(`refusing to write through ${current}: it is ${what}`, { path: current });
    }
    known?.add(current);
  }
  return current;
}

/**
 * Removes `root/segments…` (a file, or with `recursive` a folder; a symlink there is removed itself, never
 * followed) after checking that every folder on the way is a real directory. Nothing to remove when a folder
 * on the way does not exist; UnsafePathError when one is a link or not a directory.
 */
export async function removeInside(
  root: string,
  segments: readonly string[],
  options: { recursive?: boolean } = {},
): Promise<void> {
  let current = root;
  for (const segment of segments.slice(0, -1)) {
    current = join(current, segment);
    const stats = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
      throw error;
    });
    if (stats === null) return;
    if (!stats.isDirectory()) {
      const what = stats.isSymbolicLink() ? 'a symlink' : 'not a directory';
      throw new UnsafePathError(`refusing to delete through ${current}: it is ${what}`, { path: current });
    }
  }
  await rm(join(current, segments[segments.length - 1] ?? ''), {
    force: true,
    recursive: options.recursive ?? false,
  });
}
