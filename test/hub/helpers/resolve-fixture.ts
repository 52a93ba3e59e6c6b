/**
 * A resolve endpoint and a separate CDN origin, shaped like the Hub's (reference §3.1): regular files
 * answer a relative 307 to `/api/resolve-cache/...`, LFS files an absolute 302 to the CDN with
 * `X-Linked-Size` / `X-Linked-Etag`; gated, disabled, missing and flaky repos; switches for a misbehaving CDN.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dropSocket, startServer, type TestServer } from './test-server.js';

export const COMMIT = '607a30d783dfa663caf39e06633721c8d4cfcd7e';
export const CONFIG = Buffer.from('{"model_type":"gpt2","n_layer":12}\n');
export const CONFIG_SHA1 = createHash('sha1').update(`blob ${CONFIG.length}\0`).update(CONFIG).digest('hex');
export const WEIGHTS = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz'.repeat(100));
export const WEIGHTS_SHA256 = createHash('sha256').update(WEIGHTS).digest('hex');
export const XET_HASH = 'f'.repeat(64);

/** Per-test switches for the CDN's misbehaviour. */
export const cdnMode = { ignoreRange: false, wrongStart: false, failFirst: 0, cutAfter: 0 };

function serveBytes(
  req: IncomingMessage,
  res: ServerResponse,
  bytes: Buffer,
  headers: Record<string, string>,
): void {
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (range !== null && !cdnMode.ignoreRange) {
    let start = Number(range[1]);
    if (start >= bytes.length) {
      res.writeHead(416, { 'content-range': `bytes */${bytes.length}`, ...headers });
      return void res.end();
    }
    if (cdnMode.wrongStart) start = 0;
    res.writeHead(206, {
      'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}`,
      'content-length': String(bytes.length - start),
      ...headers,
    });
    return void res.end(bytes.subarray(start));
  }
  res.writeHead(200, { 'content-length': String(bytes.length), 'accept-ranges': 'bytes', ...headers });
  if (cdnMode.cutAfter > 0) {
    res.write(bytes.subarray(0, cdnMode.cutAfter));
    setTimeout(() => res.socket?.destroy(), 10);
    return;
  }
  res.end(bytes);
}

export interface ResolveFixture {
  hub: TestServer;
  cdn: TestServer;
  /** CDN requests, failed ones included. */
  cdnCalls(): number;
  /** Back to a well-behaved CDN, request logs cleared. */
  reset(): void;
  close(): Promise<void>;
}

export async function startResolveFixture(): Promise<ResolveFixture> {
  let cdnCalls = 0;
  const cdn = await startServer((req, res) => {
    cdnCalls += 1;
    if (cdnMode.failFirst > 0) {
      cdnMode.failFirst -= 1;
      res.writeHead(503);
      return void res.end('busy');
    }
    serveBytes(req, res, WEIGHTS, { etag: `"${XET_HASH}"` });
  });
  const hub: TestServer = await startServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const common = { 'x-repo-commit': COMMIT };
    if (
      path === '/org/model/resolve/main/config.json' ||
      path === '/org/model/resolve/main/dir/naïve file #1.json'
    ) {
      res.writeHead(307, {
        ...common,
        location: `/api/resolve-cache/models/org/model/${COMMIT}/config.json?etag=%22${CONFIG_SHA1}%22`,
        'x-linked-etag': `"${CONFIG_SHA1}"`,
      });
      return void res.end();
    }
    if (url.pathname === `/api/resolve-cache/models/org/model/${COMMIT}/config.json`) {
      return serveBytes(req, res, CONFIG, { ...common, etag: `"${CONFIG_SHA1}"` });
    }
    if (path === '/org/model/resolve/main/model.bin') {
      res.writeHead(302, {
        ...common,
        location: `${cdn.origin}/xet-bridge/${XET_HASH}?Signature=abc&Expires=1`,
        'x-linked-size': String(WEIGHTS.length),
        'x-linked-etag': `"${WEIGHTS_SHA256}"`,
        'content-length': '5',
      });
      return void res.end('Found');
    }
    if (path.startsWith('/org/gated/')) {
      const anonymous = req.headers.authorization === undefined;
      res.writeHead(anonymous ? 401 : 403, {
        ...common,
        'x-error-code': 'GatedRepo',
        'x-error-message': anonymous
          ? 'Access to model org/gated is restricted. You must have access to it and be authenticated to access it. Please log in.'
          : 'Access to model org/gated is restricted and you are not in the authorized list.',
      });
      return void res.end('restricted');
    }
    if (path.startsWith('/org/disabled/')) {
      res.writeHead(403, { ...common, 'x-error-message': 'Access to this resource is disabled.' });
      return void res.end('Access to this resource is disabled.');
    }
    if (path.startsWith('/org/model/resolve/')) {
      res.writeHead(404, {
        ...common,
        'x-error-code': 'EntryNotFound',
        'x-error-message': 'Entry not found',
      });
      return void res.end('Entry not found');
    }
    if (path.startsWith('/org/flaky/')) {
      if (
        req.headers['x-test-attempt'] === undefined &&
        hub.requests.filter((r) => r.url.startsWith('/org/flaky/')).length === 1
      ) {
        return dropSocket(req);
      }
      res.writeHead(302, { ...common, location: `${cdn.origin}/x`, 'x-linked-size': String(WEIGHTS.length) });
      return void res.end();
    }
    res.writeHead(401, { 'x-error-message': 'Invalid username or password.' });
    res.end('Invalid username or password.');
  });
  return {
    hub,
    cdn,
    cdnCalls: () => cdnCalls,
    reset() {
      Object.assign(cdnMode, { ignoreRange: false, wrongStart: false, failFirst: 0, cutAfter: 0 });
      hub.requests.length = 0;
      cdn.requests.length = 0;
      cdnCalls = 0;
    },
    close: async () => {
      await Promise.all([hub.close(), cdn.close()]);
    },
  };
}
