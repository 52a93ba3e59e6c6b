/**
 * How many models a selection keeps, and how they split into shards. Pure.
 */
import { DEFAULT_SHRINKAGE } from '../config.js';
import { ConfigError, UsageError } from '../errors.js';

export const DEFAULT_SHARDS = 100;
/** The most split_urls files one selection may have: more is a typo, not a plan (each is a file on disk). */
export const MAX_SHARDS = 10_000;

/**
 * The shards actually written: the asked number (1..MAX_SHARDS, else a ConfigError), but never more than
 * the models selected (one file for an empty selection), so no file is empty.
 */
export function effectiveShards(asked: number, count: number): number {
  if (!Number.isSafeInteger(asked) || asked < 1 || asked > MAX_SHARDS) {
    throw new ConfigError(`shards: must be an integer from 1 to ${MAX_SHARDS}, got ${asked}`);
  }
  return Math.max(1, Math.min(asked, count));
}

/** Either a share of the catalogue or an exact count. */
export type SelectionRule = { shrinkage: number } | { top: number };

/** Validates the options and returns the rule; shrinkage defaults to `DEFAULT_SHRINKAGE` (0.1, the seed's). */
export function selectionRule(options: { shrinkage?: number; top?: number }): SelectionRule {
  if (options.shrinkage !== undefined && options.top !== undefined) {
    throw new UsageError('give either a shrinkage or a top count, not both');
  }
  if (options.top !== undefined) {
    if (!Number.isSafeInteger(options.top) || options.top < 1) {
      throw new ConfigError(`top: must be a positive integer, got ${options.top}`);
    }
    return { top: options.top };
  }
  const shrinkage = options.shrinkage ?? DEFAULT_SHRINKAGE;
  if (!Number.isFinite(shrinkage) || shrinkage <= 0 || shrinkage > 1) {
    throw new ConfigError(`shrinkage: must be a number in (0, 1], got ${shrinkage}`);
  }
  return { shrinkage };
}

/**
 * floor(N × F) as the seed computed it, except that a product within floating-point error of an integer counts
 * as that integer: 0.29 × 100 is 28.999999999999996 in binary floating point, and a user asking for 29% of 100
 * models means 29 (Python's `int(100 * 0.29)` gives 28). `top` selects min(top, N).
 */
export function selectionCount(total: number, rule: SelectionRule): number {
  if ('top' in rule) return Math.min(rule.top, total);
  const product = total * rule.shrinkage;
  const nearest = Math.round(product);
  const tolerance = 1e-9 * Math.max(1, Math.abs(product));
  return Math.abs(product - nearest) <= tolerance ? nearest : Math.floor(product);
}

/**
 * Sizes of `shards` contiguous rank ranges covering `count` models, as the seed split them (numpy
 * `array_split`): every shard has floor(count / shards) models and the first count mod shards have one more.
 * With more shards than models, the last ones are empty (select never asks for that: effectiveShards).
 */
export function shardSizes(count: number, shards: number): number[] {
  if (!Number.isSafeInteger(shards) || shards < 1) {
    throw new ConfigError(`shards: must be a positive integer, got ${shards}`);
  }
  const base = Math.floor(count / shards);
  const extra = count % shards;
  return Array.from({ length: shards }, (_, i) => base + (i < extra ? 1 : 0));
}
