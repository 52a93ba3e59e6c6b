/**
 * Scripted faults. A rule matches requests (by kind, repo, path, method) and fires an action on some of
 * them: the first `times` matches, all but the first `skip`, or every `every`-th. Deterministic: for a given
 * sequence of requests the same ones fail.
 */
import picomatch from 'picomatch';
import { REQUEST_KINDS, type RequestKind } from './request-kind.js';

export type FaultAction =
  /** Answer with this status (e.g. 500, 503) and an error body; `Retry-After` when given. */
  | { type: 'status'; status: number; retryAfterSeconds?: number; message?: string }
  /** A 429 burst: `RateLimit: ...;r=0;t=N` and `Retry-After: N` (default N = 1). */
  | { type: 'rate-limit'; retryAfterSeconds?: number }
  /** Destroy the connection (TCP RST) after sending `afterBytes` body bytes (default 0). */
  | { type: 'reset'; afterBytes?: number }
  /** Send only `keepBytes` (default: half) of a body whose Content-Length announces all of it, then close. */
  | { type: 'truncate'; keepBytes?: number }
  /** Flip one byte of the body (default: the middle one) so that its hash no longer matches. */
  | { type: 'corrupt'; atByte?: number }
  /** Answer a Range request with 200 and the whole body. */
  | { type: 'ignore-range' }
  /** Wait before the headers, and/or between body chunks of `chunkBytes` (default 16 KiB). */
  | { type: 'delay'; headersMillis?: number; chunkMillis?: number; chunkBytes?: number };

export interface FaultRule {
  /** Request kinds it applies to (default: all). */
  kind?: RequestKind | RequestKind[];
  /** Repo id (canonical), exact. */
  repo?: string;
  /** File path in the repo: exact, or a glob (picomatch, `dot: true`). */
  path?: string;
  /** HTTP method, e.g. `GET` (default: any). */
  method?: string;
  action: FaultAction;
  /** Let the first `skip` matching requests through. Default 0. */
  skip?: number;
  /** Fire at most this many times. Default: no limit. */
  times?: number;
  /** Fire on every `every`-th match after `skip` (1 = each). Default 1. */
  every?: number;
}

export interface FaultRequest {
  kind: RequestKind;
  method: string;
  repo: string | null;
  path: string | null;
}

interface Armed {
  id: number;
  rule: FaultRule;
  matches: number;
  fired: number;
  pathMatcher: ((path: string) => boolean) | null;
}

/** Run-time control of the fault rules (add, remove, clear, counts). */
export interface FaultController {
  /** Adds rules after the existing ones; returns their ids. */
  add(...rules: FaultRule[]): number[];
  remove(id: number): void;
  clear(): void;
  /** The rules in evaluation order, with how often each matched and fired. */
  list(): Array<{ id: number; rule: FaultRule; matches: number; fired: number }>;
  /** Total number of faults fired so far. */
  readonly fired: number;
}

export class Faults implements FaultController {
  private rules: Armed[] = [];
  private nextId = 1;
  private firedTotal = 0;

  constructor(rules: readonly FaultRule[] = []) {
    this.add(...rules);
  }

  add(...rules: FaultRule[]): number[] {
    return rules.map((rule) => {
      validateRule(rule);
      const id = this.nextId++;
      const pathMatcher = rule.path === undefined ? null : picomatch(rule.path, { dot: true });
      this.rules.push({ id, rule, matches: 0, fired: 0, pathMatcher });
      return id;
    });
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  list(): Array<{ id: number; rule: FaultRule; matches: number; fired: number }> {
    return this.rules.map(({ id, rule, matches, fired }) => ({ id, rule, matches, fired }));
  }

  get fired(): number {
    return this.firedTotal;
  }

  /** Counts the request against every matching rule; returns the action of the first that fires. */
  decide(request: FaultRequest): FaultAction | null {
    let chosen: FaultAction | null = null;
    for (const armed of this.rules) {
      if (!ruleMatches(armed, request)) continue;
      armed.matches++;
      if (chosen !== null) continue;
      const { skip = 0, times = Infinity, every = 1 } = armed.rule;
      const n = armed.matches - skip;
      if (n <= 0 || armed.fired >= times || (n - 1) % every !== 0) continue;
      armed.fired++;
      this.firedTotal++;
      chosen = armed.rule.action;
    }
    return chosen;
  }
}

function ruleMatches(armed: Armed, request: FaultRequest): boolean {
  const { rule } = armed;
  if (rule.kind !== undefined) {
    const kinds = Array.isArray(rule.kind) ? rule.kind : [rule.kind];
    if (!kinds.includes(request.kind)) return false;
  }
  if (rule.method !== undefined && rule.method.toUpperCase() !== request.method) return false;
  if (rule.repo !== undefined && rule.repo !== request.repo) return false;
  if (
    armed.pathMatcher !== null &&
    (request.path === null || !(rule.path === request.path || armed.pathMatcher(request.path)))
  )
    return false;
  return true;
}

const ACTION_TYPES = ['status', 'rate-limit', 'reset', 'truncate', 'corrupt', 'ignore-range', 'delay'];

/** Throws a RangeError naming the problem when a rule (e.g. from a JSON file) is malformed. */
export function validateRule(rule: FaultRule): void {
  if (typeof rule !== 'object' || rule === null) throw new RangeError('a fault rule must be an object');
  const action = rule.action as FaultAction | undefined;
  if (typeof action !== 'object' || action === null || !ACTION_TYPES.includes(action.type)) {
    throw new RangeError(`fault rule action.type must be one of ${ACTION_TYPES.join(', ')}`);
  }
  if (
    action.type === 'status' &&
    !(Number.isInteger(action.status) && action.status >= 400 && action.status <= 599)
  ) {
    throw new RangeError('fault rule action.status must be an HTTP error status (400-599)');
  }
  const kinds = rule.kind === undefined ? [] : Array.isArray(rule.kind) ? rule.kind : [rule.kind];
  for (const kind of kinds) {
    if (!(REQUEST_KINDS as readonly string[]).includes(kind))
      throw new RangeError(`unknown request kind ${JSON.stringify(kind)}`);
  }
  for (const key of ['skip', 'times', 'every'] as const) {
    const value = rule[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= (key === 'every' ? 1 : 0))) {
      throw new RangeError(`fault rule ${key} must be a non-negative integer`);
    }
  }
}
