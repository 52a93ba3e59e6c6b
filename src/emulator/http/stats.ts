/** What the emulator served: counters tests and benchmarks assert on. */
import { REQUEST_KINDS, type RequestKind } from './request-kind.js';

export interface EmulatorStats {
  /** Every request on both origins. */
  readonly requests: number;
  /** Requests by kind (list, info, tree, paths-info, refs, commits, resolve, resolve-cache, raw, cdn, lfs-batch, ...). */
  readonly byKind: Readonly<Record<RequestKind, number>>;
  /** Responses by status code. */
  readonly byStatus: Readonly<Record<number, number>>;
  /** 429s sent, from exhausted quotas and from `rate-limit` faults. */
  readonly rateLimited: number;
  /** Faults fired. */
  readonly faultsFired: number;
  /** CDN requests that carried an Authorization header (the token must never reach the CDN). */
  readonly cdnWithAuthorization: number;
  /** Body bytes written on both origins (API JSON, redirects and errors included). */
  readonly bodyBytes: number;
  /** File-content bytes written (200/206 bodies of resolve-cache, raw and CDN responses). */
  readonly contentBytes: number;
  /** File-content bytes written per file, keyed `<repo id>/<commit sha>/<path>` (CDN and resolve-cache alike). */
  contentBytesByFile(): Record<string, number>;
  /** Resolve requests (`/resolve/`) for one repo, optionally one path (any revision). */
  resolveCount(repoId: string, path?: string): number;
  /** CDN requests for one repo, optionally one path. */
  cdnCount(repoId: string, path?: string): number;
  /** Forgets everything counted so far. */
  reset(): void;
}

function zeroKinds(): Record<RequestKind, number> {
  return Object.fromEntries(REQUEST_KINDS.map((k) => [k, 0])) as Record<RequestKind, number>;
}

export class Stats implements EmulatorStats {
  requests = 0;
  byKind = zeroKinds();
  byStatus: Record<number, number> = {};
  rateLimited = 0;
  cdnWithAuthorization = 0;
  bodyBytes = 0;
  contentBytes = 0;
  private perFile = new Map<string, number>();
  private resolves = new Map<string, number>();
  private cdns = new Map<string, number>();

  constructor(private readonly firedFaults: () => number) {}

  get faultsFired(): number {
    return this.firedFaults();
  }

  request(kind: RequestKind, repo: string | null, path: string | null): void {
    this.requests++;
    this.byKind[kind]++;
    if (repo === null) return;
    const map = kind === 'resolve' ? this.resolves : kind === 'cdn' ? this.cdns : null;
    if (map === null) return;
    map.set(repo, (map.get(repo) ?? 0) + 1);
    if (path !== null) map.set(`${repo}\0${path}`, (map.get(`${repo}\0${path}`) ?? 0) + 1);
  }

  status(code: number): void {
    this.byStatus[code] = (this.byStatus[code] ?? 0) + 1;
    if (code === 429) this.rateLimited++;
  }

  /** Counts `bytes` of file content sent for `fileKey`. */
  content(fileKey: string, bytes: number): void {
    this.contentBytes += bytes;
    this.perFile.set(fileKey, (this.perFile.get(fileKey) ?? 0) + bytes);
  }

  contentBytesByFile(): Record<string, number> {
    return Object.fromEntries(this.perFile);
  }

  resolveCount(repoId: string, path?: string): number {
    return this.resolves.get(path === undefined ? repoId : `${repoId}\0${path}`) ?? 0;
  }

  cdnCount(repoId: string, path?: string): number {
    return this.cdns.get(path === undefined ? repoId : `${repoId}\0${path}`) ?? 0;
  }

  reset(): void {
    this.requests = 0;
    this.byKind = zeroKinds();
    this.byStatus = {};
    this.rateLimited = 0;
    this.cdnWithAuthorization = 0;
    this.bodyBytes = 0;
    this.contentBytes = 0;
    this.perFile = new Map();
    this.resolves = new Map();
    this.cdns = new Map();
  }
}
