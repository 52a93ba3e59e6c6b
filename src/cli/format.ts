import { isAbsolute, relative } from 'node:path';
/** Human renderings of numbers: sizes, rates, durations. */

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** Decimal units, like `du --si` and the Hub's own size display. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value.toFixed(0) : value.toFixed(value < 10 ? 2 : 1)} ${UNITS[unit]}`;
}

export function formatDuration(millis: number): string {
  if (!Number.isFinite(millis) || millis < 0) return '--:--';
  const total = Math.round(millis / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${m}:${ss}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.floor((100 * part) / whole)}%` : '--%';
}

/** A path as a user would type it: relative when under the working directory, absolute otherwise. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
