/**
 * Download and like counts. Downloads follow a Zipf-like law in rank, multiplied by a fall-off that sends the
 * last 40% of the listing to 0: distinct values at the head, long runs of equal small values and zeros in
 * the tail (ties a client must break), and non-increasing in the index so that the index is the rank in
 * `sort=downloads` order.
 */
import { hash32, unit } from './random.js';

const ZIPF_EXPONENT = 1.1;
/** Fraction of the listing after which downloads are 0. */
const ZERO_FROM = 0.6;

export function headDownloads(listed: number): number {
  return Math.max(100_000, Math.round(30_000_000 * Math.sqrt(listed / 3_000_000)));
}

/** 30-day downloads of the model at rank `index` among `listed` models (private repos: rank past the end). */
export function downloadsAt(index: number, listed: number): number {
  const x = Math.min(1, index / Math.max(1, listed));
  const falloff = Math.max(0, 1 - x / ZERO_FROM);
  return Math.floor((headDownloads(listed) / Math.pow(index + 1, ZIPF_EXPONENT)) * falloff * falloff);
}

const SALT_LIKES = 0x6c696b65;
const SALT_TREND = 0x7472656e;
const SALT_ALLTIME = 0x616c6c74;

export function likesAt(seed: number, index: number, downloads: number): number {
  const r = 0.1 + 1.4 * unit(hash32(SALT_LIKES ^ seed, index));
  return Math.floor(Math.pow(downloads, 0.6) * r);
}

export function trendingScoreAt(seed: number, index: number, likes: number): number {
  const r = unit(hash32(SALT_TREND ^ seed, index));
  return r < 0.7 ? 0 : Math.floor((likes * (r - 0.7)) / 3);
}

export function downloadsAllTimeAt(seed: number, index: number, downloads: number): number {
  const months = 1 + Math.floor(unit(hash32(SALT_ALLTIME ^ seed, index)) * 36);
  return downloads * months + Math.floor(months * unit(hash32(SALT_ALLTIME ^ seed, index, 1)) * 10);
}
