/**
 * Writes the selection as `split_urls/split_url_<i>.txt` for compatibility with the seed's downloader: `<i>`
 * from 0 to shards - 1 (the seed does not say; 0-based like its Python lists), contiguous rank ranges split by
 * `shardSizes`, one `<endpoint>/<id>` URL a line in rank order, every line ending in a newline. Every file
 * is written even when empty, so a shard job always finds its file. Each file is replaced atomically; files
 * left by an earlier selection with more shards are removed afterwards.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openAtomicFile } from '../catalog/index.js';
import { shardSizes } from './selection-size.js';

const SHARD_FILE = /^split_url_(\d+)\.txt(\.tmp)?$/;

export function splitUrlFileName(index: number): string {
  return `split_url_${index}.txt`;
}

/**
 * `lines(fromRank, toRank)` yields the text of the shard's lines (`<endpoint>/<id>\n` each) in rank order, in
 * chunks. Returns the paths written, in shard order.
 */
export async function writeSplitUrls(
  dir: string,
  count: number,
  shards: number,
  lines: (fromRank: number, toRank: number) => Iterable<string>,
): Promise<string[]> {
  const paths: string[] = [];
  let start = 0;
  for (const [index, size] of shardSizes(count, shards).entries()) {
    const path = join(dir, splitUrlFileName(index));
    const file = await openAtomicFile(path);
    try {
      for (const text of lines(start, start + size)) await file.write(text);
      await file.commit();
    } catch (error) {
      await file.abort();
      throw error;
    }
    paths.push(path);
    start += size;
  }
  await removeStaleShards(dir, shards);
  return paths;
}

async function removeStaleShards(dir: string, shards: number): Promise<void> {
  for (const name of await readdir(dir)) {
    const match = SHARD_FILE.exec(name);
    if (match !== null && (Number(match[1]) >= shards || match[2] !== undefined)) {
      await rm(join(dir, name), { force: true });
    }
  }
}
