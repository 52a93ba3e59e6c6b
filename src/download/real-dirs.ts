/**
 * Creating the folders a file goes into without ever following a symlink: every existing component from the
 * repo folder down must be a real directory. A repo folder can hold symlinks (git mode checks out whatever the
 * repository contains), and writing through one would let a repository place files outside the data dir.
 */
import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UnsafePathError } from '../errors.js';

/**
 * Makes `root/segments[0]/…/segments[n-1]`, each a real directory, and returns its path. `root` itself is
 * trusted (it is ours, or a user's deliberate mount). `known` caches directories already checked in this run.
 */
export async function ensureRealDirs(
  root: string,
  segments: readonly string[],
  known?: Set<string>,
): Promise<string> {
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
