/**
 * Writes the selection as `split_urls/split_url_<i>.txt` for compatibility with the seed's downloader: `<i>`
 * from 0 to shards - 1 (0-based like its Python lists), contiguous rank ranges split by `shardSizes`, one
 * `<endpoint>/<id>` URL a line in rank order, every line ending in a newline.
 *
 * The set is replaced as a whole, so that a kill at any instant leaves the old set or the new one, never a
 * mix: the new files go to `split_urls.new/` (other files the user keeps in `split_urls/` are hard-linked
 * along), are flushed, and the folder is swapped in by two renames (`split_urls` -> `split_urls.old`,
 * `split_urls.new` -> `split_urls`). A run killed between the two renames is repaired by the next `select`
 * (`recoverSplitUrls`): the complete new folder, else the old one, takes the name back.
 */
import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openAtomicFile } from '../catalog/index.js';
import { shardSizes } from './selection-size.js';

const SHARD_FILE = /^split_url_(\d+)\.txt(\.tmp)?$/;
/** Written last into the new folder: without it, the folder is a killed run's leftover. */
const COMPLETE_MARKER = '.complete';

export function splitUrlFileName(index: number): string {
  return `split_url_${index}.txt`;
}

/**
 * `lines(fromRank, toRank)` yields the text of the shard's lines (`<endpoint>/<id>\n` each) in rank order, in
 * chunks. `signal` stops between files (the old set stays). Returns the paths written, in shard order.
 */
export async function writeSplitUrls(
  dir: string,
  count: number,
  shards: number,
  lines: (fromRank: number, toRank: number) => Iterable<string>,
  signal?: AbortSignal,
): Promise<string[]> {
  await recoverSplitUrls(dir);
  const fresh = `${dir}.new`;
  await rm(fresh, { recursive: true, force: true });
  await mkdir(fresh, { recursive: true });
  const paths: string[] = [];
  let start = 0;
  for (const [index, size] of shardSizes(count, shards).entries()) {
    signal?.throwIfAborted();
    const name = splitUrlFileName(index);
    const file = await openAtomicFile(join(fresh, name));
    try {
      for (const text of lines(start, start + size)) await file.write(text);
      await file.commit();
    } catch (error) {
      await file.abort();
      throw error;
    }
    paths.push(join(dir, name));
    start += size;
  }
  await carryUserFiles(dir, fresh);
  await syncDir(fresh, COMPLETE_MARKER);
  await swap(dir, fresh);
  return paths;
}

/** Puts a killed swap right: the complete new folder, else the old one, becomes `dir`; leftovers go. */
export async function recoverSplitUrls(dir: string): Promise<void> {
  const fresh = `${dir}.new`;
  const old = `${dir}.old`;
  if (!(await exists(dir))) {
    if (await exists(join(fresh, COMPLETE_MARKER))) await rename(fresh, dir);
    else if (await exists(old)) await rename(old, dir);
  }
  await rm(old, { recursive: true, force: true });
}

async function swap(dir: string, fresh: string): Promise<void> {
  const old = `${dir}.old`;
  await rm(old, { recursive: true, force: true });
  if (await exists(dir)) await rename(dir, old);
  await rename(fresh, dir);
  await rm(join(dir, COMPLETE_MARKER), { force: true });
  await rm(old, { recursive: true, force: true });
}

/** Files of the old folder that are not shards (a user's notes) stay: hard links, so a kill loses nothing. */
async function carryUserFiles(dir: string, fresh: string): Promise<void> {
  if (!(await exists(dir))) return;
  for (const name of await readdir(dir)) {
    if (SHARD_FILE.test(name)) continue;
    const from = join(dir, name);
    if (!(await lstat(from)).isFile()) continue;
    await link(from, join(fresh, name)).catch(() => copyFile(from, join(fresh, name)));
  }
}

/** Writes the marker and flushes it, so a folder with the marker holds every file complete. */
async function syncDir(dir: string, marker: string): Promise<void> {
  const file = await open(join(dir, marker), constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC);
  await file.sync();
  await file.close();
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
