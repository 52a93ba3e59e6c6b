/**
 * Deterministic, seedable randomness. Everything the emulator generates is a pure function of the seed and
 * an index, so nothing has to be stored: a model, a file or a byte can be regenerated on demand.
 */
import { createHash } from 'node:crypto';

/** The seed, expanded once into the forms the generators need. */
export interface SeedKey {
  /** The seed as the user gave it, normalised to a string. */
  readonly text: string;
  /** Four 32-bit words derived from the seed (mixed into every integer hash). */
  readonly words: readonly [number, number, number, number];
  /** 32 bytes derived from the seed (keys the content generator and CDN signatures). */
  readonly bytes: Buffer;
}

export function seedKey(seed: number | string): SeedKey {
  const text = String(seed);
  const bytes = createHash('sha256').update(`hf-torrent-emulator\0${text}`).digest();
  const words: [number, number, number, number] = [
    bytes.readUInt32BE(0),
    bytes.readUInt32BE(4),
    bytes.readUInt32BE(8),
    bytes.readUInt32BE(12),
  ];
  return { text, words, bytes };
}

/** murmur3's 32-bit finaliser: a fast, well-spread bijection on uint32. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of up to three integers (plus a salt); order-sensitive. */
export function hash32(salt: number, a: number, b = 0, c = 0): number {
  let h = mix32(salt ^ 0x9e3779b9);
  h = mix32(h ^ Math.imul(a >>> 0, 0xcc9e2d51));
  h = mix32(h ^ Math.imul(b >>> 0, 0x1b873593));
  h = mix32(h ^ Math.imul(c >>> 0, 0xe6546b64));
  return h;
}

/** A uniform float in [0, 1) from a hash. */
export function unit(h: number): number {
  return (h >>> 0) / 4294967296;
}

/** A small sequential generator (splitmix-style over mix32) for when one value is not enough. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next uint32. */
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return mix32(this.state);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [min, max] (inclusive). */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** Log-uniform integer in [min, max] (inclusive): small values as likely per octave as large ones. */
  logRange(min: number, max: number): number {
    if (max <= min) return min;
    const lo = Math.log(Math.max(1, min));
    const hi = Math.log(Math.max(1, max) + 1);
    return Math.min(max, Math.max(min, Math.floor(Math.exp(lo + this.float() * (hi - lo)))));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** `count` distinct items (or all of them when there are fewer), in list order. */
  sample<T>(items: readonly T[], count: number): T[] {
    if (count >= items.length) return [...items];
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(this.int(items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i] as T);
  }
}
