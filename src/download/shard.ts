/**
 * `--shard I/N`: this machine takes every N-th repo of the selection, starting with the I-th. I counts from 1
 * (`1/4` … `4/4`), like the names people give machines, so `--shard 1/1` is the whole selection. Membership
 * is by position in the rank-ordered selection (round robin), which spreads the big, popular repos at the top
 * of the ranking over all machines instead of giving them all to shard 1.
 */
import { UsageError } from '../errors.js';

export interface Shard {
  /** 1-based shard number, 1 ≤ index ≤ count. */
  index: number;
  /** Number of shards, ≥ 1. */
  count: number;
}

export function parseShard(value: string, source = '--shard'): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1) {
    throw new UsageError(`${source}: expected I/N with 1 ≤ I ≤ N (e.g. 2/8), got ${JSON.stringify(value)}`);
  }
  if (index < 1 || index > count) {
    throw new UsageError(`${source}: I counts from 1 to N, got ${JSON.stringify(value)}`);
  }
  return { index, count };
}

/** Validates a shard given as an object (library callers). */
export function checkShard(shard: Shard): Shard {
  const { index, count } = shard;
  if (
    !Number.isSafeInteger(count) ||
    count < 1 ||
    !Number.isSafeInteger(index) ||
    index < 1 ||
    index > count
  ) {
    throw new UsageError(`shard: expected 1 ≤ index ≤ count, got ${index}/${count}`);
  }
  return shard;
}

/** True when the repo at `position` (0-based, in rank order) belongs to `shard`. */
export function inShard(position: number, shard: Shard | undefined): boolean {
  return shard === undefined || position % shard.count === shard.index - 1;
}
