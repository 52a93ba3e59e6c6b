/** Pure helpers that pick which points and buckets the report's charts show. */

/** Sampled ranks per decade of the downloads-by-rank curve. */
const RANKS_PER_DECADE = 24;

/**
 * Log-spaced ranks 1..n (about `RANKS_PER_DECADE` a decade, always 1 and n), plus `extra` ranks within 1..n
 * (the selection's cut-off), ascending and distinct. Empty when n < 1.
 */
export function logRanks(n: number, extra: readonly number[] = []): number[] {
  if (n < 1) return [];
  const ranks = new Set<number>([1, n]);
  const steps = Math.ceil(Math.log10(n) * RANKS_PER_DECADE);
  for (let i = 1; i < steps; i++) ranks.add(Math.round(10 ** (i / RANKS_PER_DECADE)));
  for (const r of extra) if (Number.isInteger(r) && r >= 1 && r <= n) ranks.add(r);
  return [...ranks].filter((r) => r <= n).sort((a, b) => a - b);
}

/** Bucket widths (seconds) the throughput chart may use: round numbers a reader can read off an axis. */
const BUCKETS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
/** At most this many buckets over a run. */
const MAX_BUCKETS = 60;

/** The smallest round bucket width that covers `spanSeconds` in at most `MAX_BUCKETS` buckets. */
export function throughputBucketSeconds(spanSeconds: number): number {
  const fit = BUCKETS.find((b) => spanSeconds / b < MAX_BUCKETS);
  return fit ?? Math.ceil(spanSeconds / MAX_BUCKETS / 86400) * 86400;
}
