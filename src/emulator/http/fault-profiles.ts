/**
 * Named fault profiles for `hftorrent emulate --faults PROFILE`, plus JSON rules from a file or inline.
 * The profiles fail a steady share of requests, so any run long enough sees every fault several times.
 */
import { readFileSync } from 'node:fs';
import { validateRule, type FaultRule } from './faults.js';

export const FAULT_PROFILES: Readonly<Record<string, readonly FaultRule[]>> = {
  none: [],
  /** Transient server errors and broken transfers: what retries and resume must absorb. */
  flaky: [
    {
      kind: ['list', 'info', 'tree', 'paths-info'],
      action: { type: 'status', status: 503, retryAfterSeconds: 1 },
      every: 7,
      skip: 2,
    },
    { kind: 'resolve', action: { type: 'status', status: 500 }, every: 11, skip: 3 },
    { kind: 'cdn', action: { type: 'reset', afterBytes: 1024 }, every: 5, skip: 1 },
    { kind: 'resolve-cache', action: { type: 'truncate' }, every: 9, skip: 4 },
  ],
  /** 429 bursts on every bucket. */
  'rate-limit': [
    {
      kind: ['list', 'info', 'tree', 'paths-info', 'refs'],
      action: { type: 'rate-limit', retryAfterSeconds: 2 },
      every: 10,
      skip: 3,
    },
    {
      kind: ['resolve', 'resolve-cache'],
      action: { type: 'rate-limit', retryAfterSeconds: 1 },
      every: 25,
      skip: 5,
    },
  ],
  /** Everything at once: errors, 429s, resets, short bodies, wrong bytes, ignored ranges, slow responses. */
  chaos: [
    { kind: ['list', 'info', 'tree'], action: { type: 'status', status: 502 }, every: 13, skip: 1 },
    { kind: ['list', 'info'], action: { type: 'rate-limit', retryAfterSeconds: 1 }, every: 17, skip: 5 },
    { kind: 'resolve', action: { type: 'status', status: 503, retryAfterSeconds: 1 }, every: 19, skip: 2 },
    { kind: 'cdn', action: { type: 'reset', afterBytes: 512 }, every: 6, skip: 1 },
    { kind: 'cdn', action: { type: 'corrupt' }, every: 9, skip: 3 },
    { kind: 'cdn', action: { type: 'ignore-range' }, every: 4 },
    { kind: 'resolve-cache', action: { type: 'truncate' }, every: 8, skip: 2 },
    { kind: 'resolve-cache', action: { type: 'corrupt' }, every: 15, skip: 6 },
    { kind: ['tree', 'paths-info'], action: { type: 'delay', headersMillis: 200 }, every: 10 },
    { kind: 'cdn', action: { type: 'delay', chunkMillis: 5, chunkBytes: 8192 }, every: 10, skip: 4 },
  ],
};

/**
 * Rules for `--faults SPEC`: a profile name (`none`, `flaky`, `rate-limit`, `chaos`), inline JSON (a rule or an
 * array of rules), or the path of a JSON file holding the same. Throws a RangeError naming the problem.
 */
export function parseFaultProfile(spec: string): FaultRule[] {
  const trimmed = spec.trim();
  const named = FAULT_PROFILES[trimmed];
  if (named !== undefined) return named.map((rule) => structuredClone(rule));
  let text: string;
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    text = trimmed;
  } else {
    try {
      text = readFileSync(trimmed, 'utf8');
    } catch {
      throw new RangeError(
        `--faults ${JSON.stringify(spec)} is neither a profile (${Object.keys(FAULT_PROFILES).join(', ')}), inline JSON, nor a readable file`,
      );
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RangeError(`fault rules are not valid JSON: ${(error as Error).message}`);
  }
  const rules = (Array.isArray(parsed) ? parsed : [parsed]) as FaultRule[];
  rules.forEach(validateRule);
  return rules;
}
