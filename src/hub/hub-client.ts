/**
 * The contract between the Hub client and the pipeline stages (crawl, download). The stages depend on this
 * interface only; `createHubClient` (src/hub/index.ts) implements it over HTTP.
 */
import type { Readable } from 'node:stream';
import type { ListedModel, ModelRecord, RepoCommitInfo, RepoFile, RepoRef } from '../types.js';
import type { HubClock } from './clock.js';
import type { PacingOptions } from './pacing-decision.js';
import type { ProxySettings } from './proxy-dispatcher.js';
import type { RetryPolicy } from './retry-policy.js';
import type { TransferLimits } from './transfer-guard.js';

export interface HubClientOptions {
  /** Hub base URL without trailing slash, e.g. `https://huggingface.co` or the emulator's endpoint. */
  endpoint: string;
  /** Bearer token. Sent only to `endpoint`'s own origin, never to another host after a redirect. */
  token?: string;
  /** User-Agent header. Default `hf-torrent/<version>; hf_hub-compatible`. */
  userAgent?: string;
  /** Aborts every request in flight and every backoff wait. */
  signal?: AbortSignal;
  /** Overrides of the default retry policy (attempt limit, statuses, backoff). */
  retry?: Partial<RetryPolicy>;
  /**
   * Send every request through a proxy (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY` as config.ts reads them).
   * Default: none, direct connections.
   */
  proxy?: ProxySettings | null;
  /** Maximum sockets per origin. Default 16. */
  connections?: number;
  /** Per-request timeout waiting for headers, in milliseconds. Default 30000. */
  headersTimeoutMillis?: number;
  /** Timeout between body chunks, in milliseconds. Default 60000. */
  bodyTimeoutMillis?: number;
  /**
   * Deadlines per request: a minimum speed over a window and an overall deadline, for JSON answers (`api`)
   * and file bodies (`file`); see transfer-guard.ts for the defaults. A request past a limit is retried (an
   * API request) or resumed with `Range` (a file body), like a reset connection.
   */
  transfer?: { api?: Partial<TransferLimits>; file?: Partial<TransferLimits> };
  /** Cap on one JSON answer (a listing page, a model info, a tree page), in bytes. Default 67108864 (64 MiB). */
  maxJsonBytes?: number;
  /** Cap on the items of one listing or tree page (the Hub sends at most 1000). Default 10000. */
  maxPageItems?: number;
  /** Observes retries, rate-limit waits and requests (for progress lines and tests). */
  onEvent?: (event: HubClientEvent) => void;
  /** Rate-limit pacing from the `RateLimit` headers (see pacing-decision.ts). Default: on, 25% reserve, 1 s margin. */
  pacing?: Partial<PacingOptions>;
  /** Time source for backoff and pacing waits. Default: the system clock. Tests inject a fake one. */
  clock?: HubClock;
  /** Uniform random numbers in [0, 1) for the backoff jitter. Default `Math.random`. */
  random?: () => number;
}

export type HubClientEvent =
  /** `external`: the request went off the endpoint's origin (a CDN hop): no token, no pacing. */
  | { type: 'request'; method: string; url: string; bucket: RateLimitBucket; external?: boolean }
  | { type: 'retry'; url: string; attempt: number; delayMillis: number; reason: string }
  | { type: 'rate-limit-wait'; bucket: RateLimitBucket; delayMillis: number };

/** The Hub's rate-limit buckets: `/api/*`, `/resolve/` URLs, everything else. */
export type RateLimitBucket = 'api' | 'resolvers' | 'pages';

export interface ListModelsQuery {
  search?: string;
  author?: string;
  /** Tag filters, AND semantics. */
  filter?: string[];
  sort?: 'downloads' | 'likes' | 'lastModified' | 'createdAt' | 'trendingScore';
  /** Page size; the Hub clamps at 1000. */
  limit?: number;
  /** Ask for exactly these properties (`expand=`); exclusive with full/cardData/config. */
  expand?: string[];
  full?: boolean;
  cardData?: boolean;
  config?: boolean;
}

export interface ModelPage {
  /** The URL this page was fetched from. */
  url: string;
  /** The absolute `Link rel="next"` URL, or null on the last page. Store it to resume a listing. */
  nextUrl: string | null;
  items: ListedModel[];
}

export interface ModelInfoOptions {
  /** Branch, tag or commit sha. Default `main`. */
  revision?: string;
  /** Ask for sizes, blob ids and LFS info on siblings (`blobs=true`). */
  blobs?: boolean;
  expand?: string[];
}

export interface ModelInfo {
  model: ModelRecord;
  /** With `blobs`: the files with sizes and hashes; null when the server sent no sizes. */
  files: RepoFile[] | null;
  raw: Record<string, unknown>;
}

export interface OpenFileOptions {
  /** Resume from this byte offset (`Range: bytes=N-`). */
  start?: number;
  /**
   * Ask for the bytes [start, end) only (`Range: bytes=start-(end-1)`). The answer is then returned as the
   * server sent it, for the caller to judge: `partial`, `offset` and `rangeEnd` say what came. Default: to
   * the end of the file.
   */
  end?: number;
  /**
   * The file's expected etag (sha256 or blob sha1), compared with the answer's: a resumed range whose etag
   * differs belongs to another version of the file, and the file is fetched whole instead (`partial: false`).
   */
  etag?: string;
  /**
   * A `finalUrl` an earlier answer for this file came from (a signed CDN URL): ask it directly, without the
   * resolve hops. When it refuses with 403 (expired), the call rejects with UrlExpiredError: resolve again.
   */
  location?: string;
  signal?: AbortSignal;
}

export interface FileResponse {
  /** The commit the revision resolved to (`X-Repo-Commit`). */
  commit: string | null;
  /** Normalised etag: git blob sha1 for regular files, sha256 for LFS files. */
  etag: string | null;
  /** Total size of the file, when the server said. */
  size: number | null;
  /** True when the body starts at `options.start` (a 206 honoured the range); false when it is the whole file. */
  partial: boolean;
  /** Byte offset the body starts at (0 unless partial). */
  offset: number;
  /** For a partial body: the offset just past its last byte (from Content-Range); null otherwise. */
  rangeEnd: number | null;
  /** Content-Length of this body, when sent. */
  contentLength: number | null;
  body: Readable;
  /** Number of HTTP requests this open made to the resolve endpoint (redirect hops to the CDN excluded). */
  resolveRequests: number;
  /** The final URL the body came from (CDN URLs are signed and short-lived: never persist them). */
  finalUrl: string;
}

export interface HubClient {
  readonly endpoint: string;
  /** Who this client is to the Hub, storable: `anonymous` or a token's digest (client-identity.ts). */
  readonly identity: string;
  /** Pages of `GET /api/models`, following `Link rel="next"`. Pass `resumeUrl` to continue a stored cursor. */
  listModelPages(query: ListModelsQuery, resumeUrl?: string): AsyncGenerator<ModelPage>;
  modelInfo(repoId: string, options?: ModelInfoOptions): Promise<ModelInfo>;
  /** Every file (not directories) under the revision, recursively, following tree pagination. */
  listFiles(repoId: string, revision: string): AsyncGenerator<RepoFile>;
  /** `GET /{repoId}/resolve/{revision}/{path}`, following the redirect chain; rejects with typed errors. */
  openFile(repoId: string, revision: string, path: string, options?: OpenFileOptions): Promise<FileResponse>;
  /** Closes pooled connections. */
  /** The commits reachable from `revision`, newest first (`GET /api/models/{id}/commits/{rev}`, paged). */
  listCommits(repoId: string, revision: string): AsyncGenerator<RepoCommitInfo>;
  /** The repo's branches, tags and converts (`GET /api/models/{id}/refs`). */
  listRefs(repoId: string): Promise<RepoRef[]>;
  close(): Promise<void>;
}
