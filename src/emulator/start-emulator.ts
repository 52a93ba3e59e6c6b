/**
 * Starts the Hub emulator: two real HTTP servers on loopback, the Hub origin (API, resolve, resolve-cache,
 * LFS batch, git smart HTTP) and a separate CDN origin (signed LFS URLs), both serving one deterministic synthetic Hub.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GitRepoStore } from './git/git-repo-store.js';
import { SyntheticHub } from './hub/synthetic-hub.js';
import type { SizeProfile, SizeProfileName } from './hub/size-profiles.js';
import type { TokenGrant } from './http/auth.js';
import { CdnSigner } from './http/cdn-urls.js';
import { Faults, type FaultController, type FaultRule } from './http/faults.js';
import { handleCdn } from './http/handle-cdn.js';
import { handleHub } from './http/hub-server.js';
import {
  DEFAULT_QUOTAS,
  RateLimiter,
  type RateLimitBucket,
  type RateLimitQuota,
} from './http/rate-limiter.js';
import type { ServerState } from './http/server-state.js';
import { Throttle } from './http/throttle.js';
import { Stats, type EmulatorStats } from './http/stats.js';

export interface EmulatorOptions {
  /** Public models an anonymous listing returns (N). Up to 16,777,214. */
  models: number;
  /** Everything served is a pure function of the seed (and of `models` and `sizes`). */
  seed: number | string;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /**
   * Interface of the CDN origin. Default: `127.0.0.2` when `host` is `127.0.0.1` (Linux routes all of 127/8 to
   * the loopback device), else `host`. The Hub's CDN is another host than the API, and clients compare hosts:
   * the Python client stops at a 302 to another host and reads the file's metadata from it. Where the default
   * cannot bind, the CDN listens on `host` (another port) instead.
   */
  cdnHost?: string;
  /** Port of the Hub origin (API, resolve). Default 0 (any free port). */
  port?: number;
  /** Port of the CDN origin that serves LFS bytes. Default 0 (any free port). */
  cdnPort?: number;
  /** File sizes: `tiny` (tests, default), `small` (demo), `large` (benchmarks), or a custom profile. */
  sizes?: SizeProfileName | SizeProfile;
  /** Place the special repos (gated, moved, deleted...) among the top ranks. Default true. */
  specials?: boolean;
  /** Initial fault rules; more can be added at run time through `faults`. Default none. */
  faults?: FaultRule[];
  /** Per-bucket quotas; unset buckets get a quota no test reaches (1,000,000 per 300 s). */
  rateLimits?: Partial<Record<RateLimitBucket, RateLimitQuota>>;
  /** Tokens the Hub knows (`Authorization: Bearer <token>`); any other token is a 401. Default none. */
  tokens?: Record<string, TokenGrant>;
  /** Lifetime of signed CDN URLs in seconds. Default 3600 (the Hub's are about an hour). */
  cdnUrlTtlSeconds?: number;
  /** The CDN's bandwidth per connection (response), in bytes per second, as real CDNs cap it. Default: none. */
  cdnConnectionBytesPerSecond?: number;
  /** The CDN's bandwidth over all connections at once (the link), in bytes per second. Default: none. */
  cdnLinkBytesPerSecond?: number;
  /** Clock in milliseconds since the epoch, for rate-limit windows and URL expiry. Default `Date.now`. */
  now?: () => number;
  /** Receives one line per request (method, URL, status). Default: nothing is logged. */
  log?: (line: string) => void;
}

export interface RunningEmulator {
  /** `http://host:port` of the Hub origin: pass it as the client's endpoint. */
  endpoint: string;
  /** `http://host:port` of the CDN origin (LFS bytes). */
  cdnEndpoint: string;
  /** The synthetic Hub being served: compute expected results from it. */
  hub: SyntheticHub;
  /** Add, remove and inspect fault rules while running. */
  faults: FaultController;
  /** Request counters. */
  stats: EmulatorStats;
  /** Stops both servers, dropping open connections. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function serve(
  state: ServerState,
  handler: (state: ServerState, req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Server {
  const server = createServer((req, res) => {
    const started = state.now();
    res.on('finish', () =>
      state.log(`${req.method ?? '?'} ${req.url ?? ''} ${res.statusCode} ${state.now() - started}ms`),
    );
    handler(state, req, res).catch((error: unknown) => {
      state.log(
        `error serving ${req.method ?? '?'} ${req.url ?? ''}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: 'Internal Error' }));
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  return server;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const hub = new SyntheticHub({
    models: options.models,
    seed: options.seed,
    sizes: options.sizes,
    specials: options.specials,
  });
  const faults = new Faults(options.faults ?? []);
  const stats = new Stats(() => faults.fired);
  const quotas = { ...DEFAULT_QUOTAS, ...options.rateLimits };
  const ttl = options.cdnUrlTtlSeconds ?? 3600;
  const state: ServerState = {
    hub,
    faults,
    stats,
    limiter: new RateLimiter(quotas, now),
    quotas,
    signer: new CdnSigner(hub.context.seed.bytes, ttl, now),
    tokens: options.tokens ?? {},
    endpoint: '',
    cdnEndpoint: '',
    now,
    log: options.log ?? (() => undefined),
    cdnUrlTtlSeconds: ttl,
    cdnConnectionBytesPerSecond: positiveRate(
      options.cdnConnectionBytesPerSecond,
      'cdnConnectionBytesPerSecond',
    ),
    cdnLink:
      options.cdnLinkBytesPerSecond === undefined
        ? null
        : new Throttle(positiveRate(options.cdnLinkBytesPerSecond, 'cdnLinkBytesPerSecond') as number),
    git: new GitRepoStore(hub),
  };
  const hubServer = serve(state, handleHub);
  const cdnServer = serve(state, handleCdn);
  try {
    state.endpoint = `http://${urlHost(host)}:${await listen(hubServer, options.port ?? 0, host)}`;
    const cdn = await listenCdn(cdnServer, options, host);
    state.cdnEndpoint = `http://${urlHost(cdn.host)}:${cdn.port}`;
  } catch (error) {
    hubServer.close();
    cdnServer.close();
    throw error;
  }
  const close = (server: Server): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    endpoint: state.endpoint,
    cdnEndpoint: state.cdnEndpoint,
    hub,
    faults,
    stats,
    close: async () => {
      await Promise.all([close(hubServer), close(cdnServer)]);
      await state.git.close();
    },
  };
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The loopback address the CDN takes by default, so that its host differs from the API's. */
const SECOND_LOOPBACK = '127.0.0.2';

/** Listens on the CDN's host: the one asked, else a second loopback address (falling back to `host`). */
async function listenCdn(
  server: Server,
  options: EmulatorOptions,
  host: string,
): Promise<{ host: string; port: number }> {
  const port = options.cdnPort ?? 0;
  if (options.cdnHost !== undefined)
    return { host: options.cdnHost, port: await listen(server, port, options.cdnHost) };
  if (host !== '127.0.0.1') return { host, port: await listen(server, port, host) };
  try {
    return { host: SECOND_LOOPBACK, port: await listen(server, port, SECOND_LOOPBACK) };
  } catch (error) {
    // a system without 127/8 on loopback (some BSDs, some containers): another port on the same host
    if ((error as NodeJS.ErrnoException).code !== 'EADDRNOTAVAIL') throw error;
    return { host, port: await listen(server, port, host) };
  }
}

function positiveRate(value: number | undefined, name: string): number | undefined {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name}: must be a positive number of bytes per second, got ${value}`);
  }
  return value;
}

/** What `hftorrent emulate` prints as its first stdout line. */
export function describeEmulator(running: RunningEmulator): { endpoint: string; cdnEndpoint: string } {
  return { endpoint: running.endpoint, cdnEndpoint: running.cdnEndpoint };
}
