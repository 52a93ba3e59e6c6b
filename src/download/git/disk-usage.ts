/**
 * Bytes a folder takes on disk, as `du` counts them: allocated blocks of every file, directory and link,
 * each inode once however many hard links reach it (a deduplicated clone's LFS files and objects are one).
 */
import { lstat, opendir } from 'node:fs/promises';
import { join } from 'node:path';

export async function diskUsage(root: string): Promise<number> {
  // only inodes with more than one link can be met twice
  const linked = new Set<string>();
  let bytes = (await lstat(root)).blocks * 512;
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    for await (const entry of await opendir(dir)) {
      const path = join(dir, entry.name);
      const stats = await lstat(path);
      if (entry.isDirectory()) pending.push(path);
      else if (stats.nlink > 1) {
        const key = `${stats.dev}:${stats.ino}`;
        if (linked.has(key)) continue;
        linked.add(key);
      }
      bytes += stats.blocks * 512;
    }
  }
  return bytes;
}
