/**
 * Status + `X-Error-Code` + `X-Error-Message` (+ the body's `error`) -> a typed error, in huggingface_hub's
 * order (reference §4.2): revision, entry, gated, disabled, repo not found (404 code, or a 401 on a repo
 * URL that is not a bad token), then by status.
 */
import {
  BadRequestError,
  DisabledRepoError,
  EntryNotFoundError,
  GatedRepoError,
  HttpError,
  type HubError,
  InvalidCredentialsError,
  RateLimitedError,
  RepoNotFoundError,
  RevisionNotFoundError,
  ServerError,
} from '../errors.js';
import { parseContentRange } from './content-range.js';
import type { RateLimitPolicy, RateLimitState } from './retry-timing.js';

export interface HubErrorInput {
  status: number;
  /** The URL of the failed request, already redacted (see `redactUrl`). */
  url: string;
  /** `X-Error-Code`. */
  errorCode?: string | null;
  /** `X-Error-Message`. */
  errorMessage?: string | null;
  /** `X-Request-Id`. */
  requestId?: string | null;
  /** The start of the body, as text (JSON `{"error": ...}` on the API, plain text on resolve). */
  body?: string | null;
  /** The `RateLimit` / `RateLimit-Policy` headers (parsed once, retry-timing.ts), for a 429's message. */
  rateLimit?: RateLimitState | null;
  rateLimitPolicy?: RateLimitPolicy | null;
  /** The server's wait for a 429, in seconds. */
  retryAfterSeconds?: number | null;
  /** The `Range` we sent and the `Content-Range` that came back, for a 416's message. */
  range?: string | null;
  contentRange?: string | null;
  repoId?: string;
  path?: string;
  /** Scrubbed out of every message (the token, should a server ever echo it). */
  secret?: string;
}

export const DISABLED_MESSAGE = 'Access to this resource is disabled.';
export const INVALID_CREDENTIALS_MESSAGE = 'Invalid credentials in Authorization header';

/** `/api/models/{id}...`, `/api/datasets/...`, `/api/spaces/...` or any `/resolve/` URL. */
export function isRepoUrl(url: string): boolean {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return false;
  }
  return /\/api\/(models|datasets|spaces)\/[^/]+/.test(path) || path.includes('/resolve/');
}

/** The server's own words: `X-Error-Message`, else the JSON body's `error`/`message`, else the text body. */
export function serverMessage(input: Pick<HubErrorInput, 'errorMessage' | 'body'>): string | null {
  const header = input.errorMessage?.trim();
  if (header !== undefined && header !== '') return unquote(header);
  const body = input.body?.trim();
  if (body === undefined || body === '') return null;
  if (body.startsWith('{')) {
    try {
      const json: unknown = JSON.parse(body);
      if (json !== null && typeof json === 'object') {
        const record = json as Record<string, unknown>;
        const error = record.error ?? record.message;
        const text = Array.isArray(error)
          ? error.map(String).join('; ')
          : typeof error === 'string'
            ? error
            : null;
        if (text !== null && text.trim() !== '') {
          const description = record.error_description;
          return typeof description === 'string' && description !== '' ? `${text} (${description})` : text;
        }
      }
    } catch {
      // Not JSON after all: use the text.
    }
  }
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  return firstLine.length > 300 ? `${firstLine.slice(0, 300)}...` : firstLine;
}

export function mapHubError(input: HubErrorInput): HubError {
  const message = serverMessage(input);
  const context = {
    url: input.url,
    status: input.status,
    requestId: input.requestId ?? undefined,
    repoId: input.repoId,
    path: input.path,
  };
  const code = input.errorCode?.trim();
  const said = (fallback: string) => scrub(message ?? fallback, input.secret);
  const what =
    input.repoId === undefined
      ? ''
      : input.path === undefined
        ? ` ${input.repoId}`
        : ` ${input.repoId}: ${input.path}`;

  if (code === 'RevisionNotFound')
    return new RevisionNotFoundError(`revision not found${what}: ${said('invalid rev id')}`, context);
  if (code === 'EntryNotFound')
    return new EntryNotFoundError(`file not found${what}: ${said('entry not found')}`, context);
  if (code === 'GatedRepo')
    return new GatedRepoError(`gated repository${what}: ${said('access is restricted')}`, context);
  if (message !== null && message.includes(DISABLED_MESSAGE)) {
    return new DisabledRepoError(`repository disabled${what}: ${said(DISABLED_MESSAGE)}`, context);
  }
  const badToken = input.status === 401 && message !== null && message.includes(INVALID_CREDENTIALS_MESSAGE);
  if (code === 'RepoNotFound' || (input.status === 401 && !badToken && isRepoUrl(input.url))) {
    const why =
      input.status === 401
        ? 'it does not exist, or it is private (the Hub answers both with 401 to requests it cannot authenticate)'
        : said('repository not found');
    return new RepoNotFoundError(`repository not found${what}: ${why}`, context);
  }
  if (badToken) {
    return new InvalidCredentialsError(
      'the Hub rejected the token (invalid or revoked credentials)',
      context,
    );
  }
  switch (input.status) {
    case 400:
      return new BadRequestError(`bad request: ${said('the Hub refused the request')}`, context);
    case 403:
      return new HttpError(`forbidden${what}: ${said('access denied')}`, context);
    case 416:
      return new HttpError(rangeMessage(input), context);
    case 429:
      return new RateLimitedError(rateLimitMessage(input), {
        ...context,
        retryAfterSeconds: input.retryAfterSeconds ?? undefined,
      });
  }
  if (input.status >= 500)
    return new ServerError(`server error ${input.status}${what}: ${said('no details')}`, context);
  return new HttpError(`HTTP ${input.status}${what}: ${said('no details')}`, context);
}

function rateLimitMessage(input: HubErrorInput): string {
  const limit = input.rateLimit ?? null;
  const policy = input.rateLimitPolicy ?? null;
  let text = `rate limited: the Hub answered 429`;
  if (limit !== null) text += ` for the '${limit.bucket}' bucket`;
  const wait = input.retryAfterSeconds ?? limit?.resetSeconds;
  if (wait !== undefined && wait !== null) text += `; retry after ${wait} s`;
  if (limit !== null && policy !== null) {
    text += ` (${limit.remaining}/${policy.quota} requests remaining in the current ${policy.windowSeconds} s window)`;
  }
  return text;
}

function rangeMessage(input: HubErrorInput): string {
  const total = parseContentRange(input.contentRange)?.total;
  const asked = input.range ?? 'a range';
  return `range not satisfiable: asked ${asked}${total === undefined || total === null ? '' : ` of a ${total}-byte file`}`;
}

function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

function scrub(text: string, secret: string | undefined): string {
  return secret === undefined || secret === '' ? text : text.split(secret).join('<token>');
}
