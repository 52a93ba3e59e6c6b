/**
 * `GET {endpoint}/{id}/resolve/{rev}/{path}`: one request chain per file, no HEAD first.
 *
 * - A relative 307 (regular files -> `/api/resolve-cache/...`, renamed ids) stays on the endpoint's origin
 *   and keeps the token; an absolute 302 to the CDN drops it (the transport decides per hop by origin).
 * - Metadata comes from the resolve hops: `X-Repo-Commit`, `X-Linked-Etag` / `X-Linked-Size` (on the
 *   redirect: the CDN's own ETag is a Xet hash, not the sha256), else the final `ETag` / length.
 * - Resume: `Range: bytes=N-`. Only a 206 whose Content-Range starts at N (and whose etag matches the one
 *   the caller resumes) counts as partial; a 200 is the whole file (`partial: false`, the caller restarts).
 * - A bounded range (`end`) is returned as the server answered (the caller checks it: segmented transfers
 *   fall back to one connection when ranges are not honoured); `location` skips the resolve hops and asks a
 *   signed CDN URL of an earlier answer directly, and its 403 says the URL expired.
 * - The whole chain is retried on retryable statuses and network errors until the body starts; errors
 *   mid-body reach the caller, who resumes with Range.
 */
import { BadResponseError, HttpError, UrlExpiredError } from '../errors.js';
import type { FileResponse, OpenFileOptions } from './hub-client.js';
import { parseContentRange } from './content-range.js';
import { normalizeEtag } from './etag.js';
import { MAX_REDIRECTS } from './get-json.js';
import { type HubResponse, type HubTransport, isRedirect } from './hub-transport.js';
import { resolveUrl } from './hub-urls.js';
import { discardBody, headerValue } from './read-body.js';

interface ChainResult {
  response: HubResponse;
  commit: string | null;
  linkedEtag: string | null;
  linkedSize: number | null;
}

export async function openFile(
  transport: HubTransport,
  repoId: string,
  revision: string,
  path: string,
  options: OpenFileOptions = {},
): Promise<FileResponse> {
  const start = options.start ?? 0;
  if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`openFile: bad start offset ${start}`);
  const end = options.end;
  if (end !== undefined && (!Number.isSafeInteger(end) || end <= start)) {
    throw new RangeError(`openFile: bad range [${start}, ${end})`);
  }
  const signal = transport.signalFor(options.signal);
  const url = options.location ?? resolveUrl(transport.endpoint, repoId, revision, path);
  const expectedEtag = normalizeEtag(options.etag);
  const counter = { resolveRequests: 0 };
  const context = { repoId, path, reused: options.location !== undefined };

  let rangeStart = start;
  for (;;) {
    const range =
      end !== undefined
        ? `bytes=${rangeStart}-${end - 1}`
        : rangeStart > 0
          ? `bytes=${rangeStart}-`
          : undefined;
    const chain = await transport.retrying(url, signal, () =>
      openChain(transport, url, range, counter, signal, context),
    );
    const { response } = chain;
    const etag = normalizeEtag(chain.linkedEtag ?? headerValue(response.headers, 'etag'));
    const contentLength = lengthHeader(headerValue(response.headers, 'content-length'));
    const encoded = (headerValue(response.headers, 'content-encoding') ?? 'identity') !== 'identity';

    if (response.status === 206) {
      const range = parseContentRange(headerValue(response.headers, 'content-range'));
      if (end !== undefined) {
        // a bounded range is the caller's to judge (another offset, another length, another file); an
        // unreadable Content-Range says offset -1
        const known = range !== null && range.start !== null && range.end !== null;
        return {
          commit: chain.commit,
          etag,
          size: chain.linkedSize ?? range?.total ?? null,
          partial: true,
          offset: known ? (range.start as number) : -1,
          rangeEnd: known ? (range.end as number) + 1 : null,
          contentLength,
          body: response.body,
          resolveRequests: counter.resolveRequests,
          finalUrl: response.url.toString(),
        };
      }
      const startsRight = range !== null && range.start === rangeStart;
      const sameFile = expectedEtag === null || etag === null || etag === expectedEtag;
      if (!startsRight || !sameFile || rangeStart === 0) {
        await discardBody(response.body);
        if (rangeStart === 0) {
          throw new BadResponseError('the server answered 206 to a request without Range', {
            url: transport.redact(response.url),
            status: 206,
          });
        }
        // Wrong bytes or another version of the file: fetch it whole; the caller sees partial: false.
        rangeStart = 0;
        continue;
      }
      return {
        commit: chain.commit,
        etag,
        size: chain.linkedSize ?? range.total,
        partial: true,
        offset: rangeStart,
        rangeEnd: range.end === null ? null : range.end + 1,
        contentLength,
        body: response.body,
        resolveRequests: counter.resolveRequests,
        finalUrl: response.url.toString(),
      };
    }
    return {
      commit: chain.commit,
      etag,
      size: chain.linkedSize ?? (encoded ? null : contentLength),
      partial: false,
      offset: 0,
      rangeEnd: null,
      contentLength: encoded ? null : contentLength,
      body: response.body,
      resolveRequests: counter.resolveRequests,
      finalUrl: response.url.toString(),
    };
  }
}

async function openChain(
  transport: HubTransport,
  url: string,
  range: string | undefined,
  counter: { resolveRequests: number },
  signal: AbortSignal | undefined,
  { reused, ...context }: { repoId: string; path: string; reused: boolean },
): Promise<ChainResult> {
  const headers: Record<string, string> = range === undefined ? {} : { range };
  let current = new URL(url);
  let commit: string | null = null;
  let linkedEtag: string | null = null;
  let linkedSize: number | null = null;
  for (let hop = 0; ; hop++) {
    const own = current.origin === transport.endpointOrigin;
    if (own) counter.resolveRequests += 1;
    const response = await transport.send(current, { headers, signal });
    if (own) {
      commit = headerValue(response.headers, 'x-repo-commit') ?? commit;
      linkedEtag = headerValue(response.headers, 'x-linked-etag') ?? linkedEtag;
      linkedSize = lengthHeader(headerValue(response.headers, 'x-linked-size')) ?? linkedSize;
    }
    if (isRedirect(response.status)) {
      const location = headerValue(response.headers, 'location');
      await discardBody(response.body);
      if (location === null || hop >= MAX_REDIRECTS) {
        throw new BadResponseError(
          location === null ? 'redirect without a Location header' : `more than ${MAX_REDIRECTS} redirects`,
          { url: transport.redact(current), status: response.status, ...context },
        );
      }
      current = new URL(location, current);
      continue;
    }
    if (response.status === 200 || response.status === 206)
      return { response, commit, linkedEtag, linkedSize };
    if (response.status >= 200 && response.status < 300) {
      await discardBody(response.body);
      throw new HttpError(`unexpected status ${response.status} for a file download`, {
        url: transport.redact(current),
        status: response.status,
        ...context,
      });
    }
    // a signed URL of an earlier answer, refused by the CDN: it expired (or was revoked); resolve again
    if (reused && hop === 0 && !own && response.status === 403) {
      await discardBody(response.body);
      throw new UrlExpiredError(`the signed URL for ${context.path} was refused (expired)`, {
        url: transport.redact(current),
        status: 403,
        ...context,
      });
    }
    throw await transport.failure(response, { ...context, range });
  }
}

function lengthHeader(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : null;
}
