/**
 * Every generated repo name carries a short code that encodes the model's index, scrambled so that
 * neighbouring indices get unrelated codes. This lets the Hub turn any requested id back into its index
 * without a 3M-entry lookup table: decode each 5-character token, regenerate that index's id, compare.
 */
import { mix32 } from './random.js';

/** Indices must stay below 2^24 (16,777,216 models, private ones included). */
export const MAX_INDEX = 1 << 24;
const HALF_BITS = 12;
const HALF_MASK = (1 << HALF_BITS) - 1;
const ROUNDS = 4;
export const CODE_LENGTH = 5;

/** A keyed 4-round Feistel permutation of [0, 2^24). */
export function scramble(index: number, key: readonly number[]): number {
  let left = index >>> HALF_BITS;
  let right = index & HALF_MASK;
  for (let round = 0; round < ROUNDS; round++) {
    const f = mix32(right ^ (key[round % key.length] ?? 0) ^ round) & HALF_MASK;
    [left, right] = [right, left ^ f];
  }
  return (left << HALF_BITS) | right;
}

export function unscramble(code: number, key: readonly number[]): number {
  let left = code >>> HALF_BITS;
  let right = code & HALF_MASK;
  for (let round = ROUNDS - 1; round >= 0; round--) {
    const f = mix32(left ^ (key[round % key.length] ?? 0) ^ round) & HALF_MASK;
    [left, right] = [right ^ f, left];
  }
  return (left << HALF_BITS) | right;
}

/** The 5-character base-36 code of an index. */
export function encodeIndex(index: number, key: readonly number[]): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_INDEX) {
    throw new RangeError(`model index ${index} outside [0, ${MAX_INDEX})`);
  }
  return scramble(index, key).toString(36).padStart(CODE_LENGTH, '0');
}

/** Candidate indices encoded by the tokens of a repo id (most ids yield exactly one). */
export function candidateIndices(repoId: string, key: readonly number[]): number[] {
  const out: number[] = [];
  for (const token of repoId.toLowerCase().split(/[^a-z0-9]+/)) {
    if (token.length !== CODE_LENGTH) continue;
    const value = parseInt(token, 36);
    if (!Number.isFinite(value) || value >= MAX_INDEX) continue;
    const index = unscramble(value, key);
    if (!out.includes(index)) out.push(index);
  }
  return out;
}
