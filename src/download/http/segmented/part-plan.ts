/**
 * The parts a segmented file is fetched in: the ranges not yet complete, cut into pieces of one part size,
 * in file order (so that the contiguous prefix, which is what can be hashed, grows steadily).
 */
import type { ByteRange } from './parts-journal.js';

const MIB = 1024 * 1024;

/**
 * About this many parts per file: enough to keep 16 connections busy with a short tail, few enough that the
 * requests cost little (measured: 4 MiB parts, 256 a GiB, cost the CDN side 1.3 CPU s per GiB against 0.95
 * for 16 ranges, and the client more GC).
 */
const PARTS_PER_FILE = 64;
export const MIN_PART_BYTES = 16 * MIB;
export const MAX_PART_BYTES = 64 * MIB;

/** The part size for a file of `size` bytes: size / 64, in whole MiB, between 16 and 64 MiB. */
export function partSize(size: number): number {
  const wanted = Math.ceil(size / PARTS_PER_FILE / MIB) * MIB;
  return Math.min(MAX_PART_BYTES, Math.max(MIN_PART_BYTES, wanted));
}

/** The parts to fetch: the gaps between `complete` ranges of a file of `size` bytes, cut to `part` bytes. */
export function missingParts(size: number, complete: readonly ByteRange[], part: number): ByteRange[] {
  const out: ByteRange[] = [];
  let at = 0;
  const cut = (start: number, end: number): void => {
    for (let s = start; s < end; s += part) out.push({ start: s, end: Math.min(end, s + part) });
  };
  for (const r of complete) {
    if (r.start > at) cut(at, r.start);
    at = Math.max(at, r.end);
  }
  if (at < size) cut(at, size);
  return out;
}
