/**
 * Bytes a tree takes on disk as `du` counts them: allocated blocks (512-byte units from lstat) of every
 * entry, each inode once however many hard links reach it, so that git mode's deduplication (a checked-out
 * LFS file hard-linked to its object) shows.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function diskBytes(root: string): Promise<number> {
  const seen = new Set<string>();
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const path = stack.pop() as string;
    const info = await lstat(path).catch(() => null);
    if (info === null) continue;
    const inode = `${info.dev}:${info.ino}`;
    if (seen.has(inode)) continue;
    seen.add(inode);
    total += info.blocks * 512;
    if (info.isDirectory()) for (const name of await readdir(path)) stack.push(join(path, name));
  }
  return total;
}
