/** `Content-Range: bytes <first>-<last>/<total>`, or `bytes * / <total>` (no range) on a 416. */
export interface ContentRange {
  /** First byte of the body; null for the unsatisfied form `*`. */
  start: number | null;
  /** Last byte of the body, inclusive; null for `*`. */
  end: number | null;
  /** Size of the whole file; null when the server wrote `*`. */
  total: number | null;
}

export function parseContentRange(value: string | undefined | null): ContentRange | null {
  if (value === undefined || value === null) return null;
  const match = /^\s*bytes\s+(?:(\d+)-(\d+)|\*)\s*\/\s*(\d+|\*)\s*$/i.exec(value);
  if (match === null) return null;
  const total = match[3] === '*' || match[3] === undefined ? null : Number(match[3]);
  if (match[1] === undefined || match[2] === undefined) {
    return total === null ? null : { start: null, end: null, total };
  }
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (end < start || (total !== null && end >= total)) return null;
  return { start, end, total };
}
