/**
 * The last step of a verified fetch: move the partial file to its final path. The folders on the way are
 * created without following symlinks (real-dirs.ts); the rename itself never follows one either (renaming
 * onto a symlink replaces the link). Partial and final paths are both under `repos/`, so the rename is atomic:
 * a final path holds the old verified file or the new one, never a mix.
 */
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureRealDirs } from '../real-dirs.js';

/**
 * @param root `repos/` (trusted)
 * @param segments the repo folder's segments followed by the file path's segments (already checked)
 * @param known directories checked earlier in this run
 */
export async function placeFile(
  stagingPath: string,
  root: string,
  segments: readonly string[],
  known: Set<string>,
): Promise<void> {
  const dir = await ensureRealDirs(root, segments.slice(0, -1), known);
  await rename(stagingPath, join(dir, segments[segments.length - 1] as string));
}
