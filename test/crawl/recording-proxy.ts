/**
 * A real HTTP proxy in front of the emulator, for crawl tests: it records every exchange (arrival and finish
 * times, status, Retry-After) and can replace chosen responses (a page that is not JSON). It forwards the
 * client's Host header, so the emulator builds its Link URLs on the proxy's origin and the whole listing goes
 * through it.
 */
import { listenOnLoopback } from '../helpers/listen.js';
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';

export interface Exchange {
  /** 1-based, in arrival order. */
  n: number;
  url: string;
  arrivedAt: number;
  finishedAt: number;
  status: number;
  retryAfter: string | null;
}

export interface Replacement {
  status: number;
  contentType: string;
  body: string;
}

export interface RecordingProxy {
  endpoint: string;
  exchanges: Exchange[];
  /** Return a replacement to answer a request instead of the emulator (called with its arrival number). */
  replace: ((n: number, url: string) => Replacement | null) | null;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/** `now` stamps arrivals and finishes; the default is a monotonic clock in milliseconds. */
export async function startRecordingProxy(
  target: string,
  now: () => number = () => performance.now(),
): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const proxy: RecordingProxy = { endpoint: '', exchanges: [], replace: null, close: async () => {} };
  let count = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const exchange: Exchange = {
      n: ++count,
      url: req.url ?? '',
      arrivedAt: now(),
      finishedAt: Number.NaN,
      status: 0,
      retryAfter: null,
    };
    proxy.exchanges.push(exchange);
    res.on('finish', () => {
      exchange.finishedAt = now();
    });
    const replacement = proxy.replace?.(exchange.n, exchange.url) ?? null;
    if (replacement !== null) {
      exchange.status = replacement.status;
      res.writeHead(replacement.status, { 'Content-Type': replacement.contentType });
      res.end(replacement.body);
      req.resume();
      return;
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        const headers: Record<string, string | string[]> = {};
        for (const [key, value] of Object.entries(up.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(key)) headers[key] = value;
        }
        exchange.status = up.statusCode ?? 502;
        const retryAfter = up.headers['retry-after'];
        exchange.retryAfter = retryAfter === undefined ? null : String(retryAfter);
        res.writeHead(exchange.status, headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  const listening = await listenOnLoopback(server);
  proxy.endpoint = listening.origin;
  proxy.close = listening.close;
  return proxy;
}
