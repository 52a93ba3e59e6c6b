/**
 * Typed errors with stable codes, classified by what the runner should do about them.
 *
 * - `retry`: transient; the hub client retries it per its policy before it ever reaches a caller.
 * - `skip`:  this repository cannot be had for a reason the Hub gave (gated, not found, disabled); record why
 *            and go on with the next one.
 * - `fail`:  this file (or, where a method fetches a repo whole, this repository) failed; record the reason, go
 *            on with the rest, and end the run with exit status 1.
 * - `fail-repo`: no file of this repository can be had (its pinned commit is gone): the repo fails at once.
 * - `fatal`: the run cannot proceed (bad usage, catalog locked, unwritable data dir, endpoint unreachable).
 *
 * A download run decides what to do from `consequence` alone (download/classify-error.ts): one class per code,
 * each with one consequence.
 */
import { scrubSecrets } from './secrets.js';

export type Consequence = 'retry' | 'skip' | 'fail' | 'fail-repo' | 'fatal';

export type ErrorCode =
  // usage and configuration (exit 2)
  | 'USAGE'
  | 'CONFIG'
  // hub responses
  | 'REPO_NOT_FOUND'
  | 'GATED_REPO'
  | 'REPO_DISABLED'
  | 'ENTRY_NOT_FOUND'
  | 'REVISION_NOT_FOUND'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'HTTP_ERROR'
  | 'NETWORK_ERROR'
  | 'BAD_RESPONSE'
  | 'BAD_REQUEST'
  | 'INVALID_CREDENTIALS'
  | 'URL_EXPIRED'
  // local
  | 'CATALOG_LOCKED'
  | 'CATALOG'
  | 'STAGE_NOT_RUN'
  | 'OFFLINE'
  | 'DEMO_HUB_GONE'
  | 'DATA_DIR'
  | 'HASH_MISMATCH'
  | 'UNSAFE_PATH'
  | 'INVALID_REPO_ID'
  | 'SCHEMA_INVALID'
  | 'ABORTED'
  | 'GIT'
  | 'GIT_AUTH_REQUIRED'
  | 'GIT_MISSING';

export interface ErrorContext {
  url?: string;
  status?: number;
  requestId?: string;
  repoId?: string;
  path?: string;
  expected?: string;
  actual?: string;
  cause?: unknown;
}

export class HfTorrentError extends Error {
  readonly code: ErrorCode;
  readonly consequence: Consequence;
  readonly url?: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly repoId?: string;
  readonly path?: string;
  readonly expected?: string;
  readonly actual?: string;

  constructor(code: ErrorCode, consequence: Consequence, message: string, context: ErrorContext = {}) {
    // Every text an error carries may hold what a server echoed: the token never stays in one.
    super(scrubSecrets(message), context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.code = code;
    this.consequence = consequence;
    this.url = scrubOptional(context.url);
    this.status = context.status;
    this.requestId = scrubOptional(context.requestId);
    this.repoId = context.repoId;
    this.path = context.path;
    this.expected = scrubOptional(context.expected);
    this.actual = scrubOptional(context.actual);
  }
}

/** Bad flags, arguments or environment values: exit status 2. */
export class UsageError extends HfTorrentError {
  constructor(message: string) {
    super('USAGE', 'fatal', message);
  }
}

/** A configuration value (env var, option) is invalid: exit status 2. */
export class ConfigError extends HfTorrentError {
  constructor(message: string) {
    super('CONFIG', 'fatal', message);
  }
}

/** Errors from talking to the Hub. `consequence` follows from the code; see `hubErrorConsequence`. */
export class HubError extends HfTorrentError {}

export class RepoNotFoundError extends HubError {
  constructor(message: string, context: ErrorContext) {
    super('REPO_NOT_FOUND', 'skip', message, context);
  }
}
export class GatedRepoError extends HubError {
  constructor(message: string, context: ErrorContext) {
    super('GATED_REPO', 'skip', message, context);
  }
}
export class DisabledRepoError extends HubError {
  constructor(message: string, context: ErrorContext) {
    super('REPO_DISABLED', 'skip', message, context);
  }
}
export class EntryNotFoundError extends HubError {
  constructor(message: string, context: ErrorContext) {
    super('ENTRY_NOT_FOUND', 'fail', message, context);
  }
}
export class RevisionNotFoundError extends HubError {
  constructor(message: string, context: ErrorContext) {
    super('REVISION_NOT_FOUND', 'fail-repo', message, context);
  }
}
export class RateLimitedError extends HubError {
  /** Seconds the server asked us to wait, when it said. */
  readonly retryAfterSeconds?: number;
  constructor(message: string, context: ErrorContext & { retryAfterSeconds?: number }) {
    super('RATE_LIMITED', 'retry', message, context);
    this.retryAfterSeconds = context.retryAfterSeconds;
  }
}
export class ServerError extends HubError {
  constructor(message: string, context: ErrorContext) {
    super('SERVER_ERROR', 'retry', message, context);
  }
}
/** Any other non-success status (400, 403 without a known cause, 416, ...). */
export class HttpError extends HubError {
  constructor(message: string, context: ErrorContext) {
    super('HTTP_ERROR', 'fail', message, context);
  }
}
export class BadRequestError extends HubError {
  constructor(message: string, context: ErrorContext) {
    super('BAD_REQUEST', 'fatal', message, context);
  }
}
export class InvalidCredentialsError extends HubError {
  constructor(message: string, context: ErrorContext) {
    super('INVALID_CREDENTIALS', 'fatal', message, context);
  }
}
export class NetworkError extends HubError {
  constructor(message: string, context: ErrorContext) {
    super('NETWORK_ERROR', 'retry', message, context);
  }
}
/**
 * A signed CDN URL reused for another range of the same file was refused (the Hub's expire after about an
 * hour): resolving the file again gives a fresh one.
 */
export class UrlExpiredError extends HubError {
  constructor(message: string, context: ErrorContext) {
    super('URL_EXPIRED', 'retry', message, context);
  }
}
/** The server answered, but not with what the protocol promises (not JSON, wrong shape, missing header). */
export class BadResponseError extends HubError {
  constructor(message: string, context: ErrorContext) {
    super('BAD_RESPONSE', 'fail', message, context);
  }
}

export class CatalogLockedError extends HfTorrentError {
  constructor(message: string, context: ErrorContext = {}) {
    super('CATALOG_LOCKED', 'fatal', message, context);
  }
}
export class CatalogError extends HfTorrentError {
  constructor(message: string, context: ErrorContext = {}) {
    super('CATALOG', 'fatal', message, context);
  }
}
/**
 * The stage a command builds on has not run in this data dir: no catalog (a mistyped --data-dir?), no finished
 * crawl, no selection. Exit status 4 for every command, so that a script can tell it from a failed run.
 */
export class StageNotRunError extends HfTorrentError {
  constructor(message: string, context: ErrorContext = {}) {
    super('STAGE_NOT_RUN', 'fatal', message, context);
  }
}
/** `HF_HUB_OFFLINE` is set and the command needs the network: it refuses before any request (exit 3). */
export class OfflineError extends HfTorrentError {
  constructor(message: string) {
    super('OFFLINE', 'fatal', message);
  }
}
/** The data dir's catalog came from `hftorrent demo`, whose emulated Hub is no longer running (exit 3). */
export class DemoHubGoneError extends HfTorrentError {
  constructor(message: string) {
    super('DEMO_HUB_GONE', 'fatal', message);
  }
}
export class DataDirError extends HfTorrentError {
  constructor(message: string, context: ErrorContext = {}) {
    super('DATA_DIR', 'fatal', message, context);
  }
}
export class HashMismatchError extends HfTorrentError {
  constructor(message: string, context: ErrorContext) {
    super('HASH_MISMATCH', 'retry', message, context);
  }
}
export class UnsafePathError extends HfTorrentError {
  constructor(message: string, context: ErrorContext) {
    super('UNSAFE_PATH', 'fail', message, context);
  }
}
/** A repo id from a listing or a urls file that breaks the Hub's id rules: nothing is asked or written for it. */
export class InvalidRepoIdError extends HfTorrentError {
  constructor(message: string, context: ErrorContext) {
    super('INVALID_REPO_ID', 'fail', message, context);
  }
}
export class SchemaInvalidError extends HfTorrentError {
  constructor(message: string, context: ErrorContext = {}) {
    super('SCHEMA_INVALID', 'fatal', message, context);
  }
}
export class AbortedError extends HfTorrentError {
  constructor(message = 'aborted', context: ErrorContext = {}) {
    super('ABORTED', 'fatal', message, context);
  }
}
export class GitError extends HfTorrentError {
  constructor(message: string, context: ErrorContext = {}) {
    super('GIT', 'fail', message, context);
  }
}

/** git or git-lfs is not installed (or does not run): a git-mode run cannot proceed. */
export class GitMissingError extends HfTorrentError {
  constructor(message: string) {
    super('GIT_MISSING', 'fatal', message);
  }
}

function scrubOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : scrubSecrets(text);
}

export function isHfTorrentError(error: unknown): error is HfTorrentError {
  return error instanceof HfTorrentError;
}

/**
 * Exit status for an error that ended a run: 2 usage/config, 4 the stage before has not run, 3 any other
 * reason the run could not proceed.
 */
export function exitStatusFor(error: unknown): number {
  if (error instanceof UsageError || error instanceof ConfigError) return 2;
  if (error instanceof StageNotRunError) return 4;
  return 3;
}

/** One line for a user: the message plus the context that helps (url, status, request id). Never a token. */
export function describeError(error: unknown): string {
  if (error instanceof HfTorrentError) {
    const parts: string[] = [];
    if (error.status !== undefined) parts.push(`status ${error.status}`);
    if (error.url !== undefined) parts.push(error.url);
    if (error.requestId !== undefined) parts.push(`request id ${error.requestId}`);
    const ctx = parts.length > 0 ? ` (${parts.join(', ')})` : '';
    return scrubSecrets(`${error.message}${ctx}`.replace(/\s*\n\s*/g, ' '));
  }
  if (error instanceof Error) return scrubSecrets(error.message.replace(/\s*\n\s*/g, ' '));
  return scrubSecrets(String(error));
}
