/**
 * The CDN origin (its own port): serves LFS content at signed, expiring URLs, with Range support. It never
 * needs the Hub token; a request that carries one is counted (`stats.cdnWithAuthorization`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Exchange } from './exchange.js';
import { contentDisposition } from './handle-resolve.js';
import type { ServerState } from './server-state.js';
import { pacer } from './throttle.js';

// unref'd: a delayed answer never keeps the process of a closed emulator alive
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

function s3Error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

export async function handleCdn(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', state.cdnEndpoint);
  const ex = new Exchange(req, res, url, 'cdn', state.stats);
  ex.pace = pacer(state.cdnConnectionBytesPerSecond, state.cdnLink);
  if (req.headers.authorization !== undefined) state.stats.cdnWithAuthorization++;
  const verified = state.signer.verify(url.pathname, url.searchParams);
  let repo: string | null = null;
  let path: string | null = null;
  let target: { index: number; commit: number; path: string; sha256: string } | null = null;
  if (verified.ok) {
    const { index, commit, path: filePath, sha256 } = verified.object;
    if (Number.isInteger(index) && index >= 0 && index < state.hub.total) {
      repo = state.hub.at(index).id;
      path = filePath;
      target = { index, commit, path: filePath, sha256 };
    }
  }
  state.stats.request('cdn', repo, path);
  ex.fault = state.faults.decide({ kind: 'cdn', method: ex.method, repo, path });
  if (ex.fault?.type === 'delay' && ex.fault.headersMillis !== undefined) await sleep(ex.fault.headersMillis);
  if (ex.fault?.type === 'status') {
    const headers: Record<string, string> =
      ex.fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(ex.fault.retryAfterSeconds) };
    return ex.text(
      ex.fault.status,
      ex.fault.message ?? s3Error('InternalError', 'We encountered an internal error. Please try again.'),
      headers,
    );
  }
  if (ex.fault?.type === 'rate-limit') {
    return ex.text(429, s3Error('SlowDown', 'Please reduce your request rate.'), {
      'Retry-After': String(ex.fault.retryAfterSeconds ?? 1),
    });
  }
  if (ex.method !== 'GET' && ex.method !== 'HEAD')
    return ex.text(405, s3Error('MethodNotAllowed', 'The specified method is not allowed.'), {
      Allow: 'GET, HEAD',
    });
  if (!verified.ok) {
    const message =
      verified.reason === 'expired'
        ? 'Request has expired'
        : 'The request signature we calculated does not match the signature you provided.';
    return ex.text(
      403,
      s3Error(verified.reason === 'expired' ? 'AccessDenied' : 'SignatureDoesNotMatch', message),
      { 'Content-Type': 'application/xml' },
    );
  }
  const model = target === null ? undefined : state.hub.at(target.index);
  const commit = model === undefined || target === null ? undefined : state.hub.commits(model)[target.commit];
  const spec = commit?.specs.get(target?.path ?? '');
  const file = commit?.byPath.get(target?.path ?? '');
  if (
    spec === undefined ||
    file?.lfs === undefined ||
    file.lfs === null ||
    file.lfs.sha256 !== target?.sha256
  ) {
    return ex.text(404, s3Error('NoSuchKey', 'The specified key does not exist.'), {
      'Content-Type': 'application/xml',
    });
  }
  return ex.content(
    {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition':
        url.searchParams.get('response-content-disposition') ?? contentDisposition(file.path),
      'Cache-Control': 'public, max-age=604800, immutable',
      'Last-Modified': new Date(commit?.time ? commit.time * 1000 : 0).toUTCString(),
    },
    spec.source,
    { etag: `"${file.lfs.sha256}"`, fileKey: `${model?.id ?? ''}/${commit?.sha ?? ''}/${file.path}` },
  );
}
