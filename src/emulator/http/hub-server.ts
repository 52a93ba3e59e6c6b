/**
 * The Hub origin's request pipeline: request id, stats, rate limits (every request counts), faults, auth, then
 * the endpoint. Unknown tokens are refused everywhere, as on the Hub.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleGit } from '../git/handle-git.js';
import { identify, INVALID_CREDENTIALS_MESSAGE, repoDenial } from './auth.js';
import { Exchange } from './exchange.js';
import { handleListing } from './handle-listing.js';
import { handleLfsBatch } from './handle-lfs-batch.js';
import { handleCommits, handleModelInfo, handleRefs } from './handle-model-api.js';
import { handleResolve, handleResolveCache } from './handle-resolve.js';
import { handlePathsInfo, handleTree } from './handle-tree.js';
import { routeHub, type Route } from './hub-routes.js';
import { bucketFor, rateLimitMessage } from './rate-limiter.js';
import type { RequestKind } from './request-kind.js';
import type { ServerState } from './server-state.js';

const EXPOSED =
  'X-Repo-Commit,X-Request-Id,X-Error-Code,X-Error-Message,X-Total-Count,ETag,Link,Accept-Ranges,Content-Range,X-Linked-Size,X-Linked-ETag';

let requestCounter = 0;

function requestId(now: number): string {
  requestCounter = (requestCounter + 1) % 0xffffffff;
  const trace = `${Math.floor(now / 1000).toString(16)}-${requestCounter.toString(16).padStart(24, '0')}`;
  return `Root=1-${trace}`;
}

// unref'd: a delayed answer never keeps the process of a closed emulator alive
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

function kindOf(route: Route): RequestKind {
  return route.kind === 'malformed' ? 'other' : route.kind;
}

export async function handleHub(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', state.endpoint);
  const route = routeHub(url.pathname);
  const kind = kindOf(route);
  const ex = new Exchange(req, res, url, kind, state.stats);
  const now = state.now();
  ex.common['X-Request-Id'] = requestId(now);
  ex.common['X-Powered-By'] = 'huggingface-moon';
  ex.common['Vary'] = 'Origin';
  ex.common['Access-Control-Expose-Headers'] = EXPOSED;
  const repo = 'repo' in route ? route.repo : null;
  const path = 'path' in route && route.path !== '' ? route.path : null;
  state.stats.request(kind, repo, path);

  const identity = identify(req.headers.authorization, state.tokens);
  const client = identity.kind === 'user' ? `user:${identity.user}` : `ip:${req.socket.remoteAddress ?? '?'}`;
  const bucket = bucketFor(url.pathname);
  const json = bucket === 'api';
  const decision = state.limiter.take(client, bucket);
  Object.assign(ex.common, decision.headers);
  if (!decision.allowed) {
    return ex.error(429, {
      message: rateLimitMessage(decision, state.quotas[bucket]),
      json,
      headers: { 'Retry-After': String(decision.resetSeconds) },
    });
  }

  ex.fault = state.faults.decide({ kind, method: ex.method, repo, path });
  const fault = ex.fault;
  if (fault?.type === 'delay' && fault.headersMillis !== undefined) await sleep(fault.headersMillis);
  if (fault?.type === 'status') {
    const headers: Record<string, string> =
      fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
    return ex.error(fault.status, {
      message: fault.message ?? "Internal Error - We're working hard to fix this as soon as possible!",
      json,
      headers,
    });
  }
  if (fault?.type === 'rate-limit') {
    const t = fault.retryAfterSeconds ?? 1;
    const quota = state.quotas[bucket];
    ex.common['RateLimit'] = `"${bucket}";r=0;t=${t}`;
    return ex.error(429, {
      message: rateLimitMessage({ ...decision, remaining: 0, resetSeconds: t }, quota),
      json,
      headers: { 'Retry-After': String(t) },
    });
  }
  if (identity.kind === 'invalid') {
    return ex.error(401, { message: INVALID_CREDENTIALS_MESSAGE, json });
  }

  const method = ex.method;
  const wantsPost = kind === 'paths-info' || kind === 'lfs-batch' || kind === 'git';
  if (!wantsPost && method !== 'GET' && method !== 'HEAD') {
    return ex.error(405, { message: 'Method not allowed', json, headers: { Allow: 'GET, HEAD' } });
  }
  switch (route.kind) {
    case 'list':
      return handleListing(state, ex);
    case 'info':
      return handleModelInfo(state, ex, route, identity);
    case 'refs':
      return handleRefs(state, ex, route, identity);
    case 'commits':
      return handleCommits(state, ex, route, identity);
    case 'tree':
      return handleTree(state, ex, route, identity);
    case 'paths-info':
      return handlePathsInfo(state, ex, route, identity);
    case 'resolve':
    case 'raw':
      return handleResolve(state, ex, route, identity);
    case 'resolve-cache':
      return handleResolveCache(state, ex, route, identity);
    case 'lfs-batch':
      return handleLfsBatch(state, ex, route, identity);
    case 'git':
      return handleGit(state, ex, route, identity, state.git);
    case 'malformed':
      return ex.error(400, { message: 'Malformed URL: invalid percent-encoding', json });
    case 'page':
      return handlePage(state, ex, identity);
    case 'other':
      return ex.error(404, { message: 'Not Found', json });
  }
}

/** A minimal model page (the `pages` bucket): 200 when the caller may see the repo, 404 otherwise. */
async function handlePage(
  state: ServerState,
  ex: Exchange,
  identity: ReturnType<typeof identify>,
): Promise<void> {
  const id = decodeURIComponent(ex.url.pathname.replace(/^\/+|\/+$/g, ''));
  const html = (title: string, body: string): string =>
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
  if (id === '')
    return ex.send(
      200,
      { 'Content-Type': 'text/html; charset=utf-8' },
      body(html('Hugging Face Hub emulator', `<h1>${state.hub.size} models</h1>`)),
    );
  const found = state.hub.lookup(id);
  if (found === undefined || repoDenial(identity, found.model) !== null) {
    return ex.send(404, { 'Content-Type': 'text/html; charset=utf-8' }, body(html('404', '<h1>404</h1>')));
  }
  const safe = found.model.id.replace(/[<>&"]/g, '');
  return ex.send(200, { 'Content-Type': 'text/html; charset=utf-8' }, body(html(safe, `<h1>${safe}</h1>`)));
}

function body(text: string): { chunks: Buffer[]; length: number } {
  const buffer = Buffer.from(text, 'utf8');
  return { chunks: [buffer], length: buffer.length };
}
