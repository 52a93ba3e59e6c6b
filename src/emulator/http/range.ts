/** `Range: bytes=...` as servers read it (RFC 9110 §14): one range or none; anything odd means "whole body". */

export type RangeDecision =
  /** No usable Range header: send 200 with the whole body. */
  | { kind: 'whole' }
  /** Send 206 with bytes [start, end) (end exclusive). */
  | { kind: 'partial'; start: number; end: number }
  /** Send 416 with `Content-Range: bytes *\/size`. */
  | { kind: 'unsatisfiable' };

export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined) return { kind: 'whole' };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return { kind: 'whole' }; // multiple or malformed ranges: ignoring Range is allowed
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(first);
  const end = last === '' ? size : Number(last) + 1;
  if (last !== '' && end <= start) return { kind: 'whole' }; // last < first: syntactically invalid, ignore
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size) };
}
