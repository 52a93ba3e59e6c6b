/**
 * Turns a classified git failure into the error the HTTP method would have met for the same Hub answer, so
 * both methods record the same skip and fail reasons (gated, not_found, disabled, network_error, ...).
 */
import {
  DisabledRepoError,
  EntryNotFoundError,
  GatedRepoError,
  GitError,
  HashMismatchError,
  HttpError,
  InvalidCredentialsError,
  NetworkError,
  RateLimitedError,
  RepoNotFoundError,
  RevisionNotFoundError,
  ServerError,
  HfTorrentError,
  type ErrorContext,
} from '../../errors.js';
import type { GitFailureKind } from './classify-git-failure.js';

/**
 * git met a 401 it could not answer: for an anonymous caller the Hub says so for missing, private and gated
 * repos alike, so the run asks the API which it is before recording a reason.
 */
export class GitAuthRequiredError extends HfTorrentError {
  constructor(message: string, context: ErrorContext) {
    super('GIT_AUTH_REQUIRED', 'fail', message, context);
  }
}

export function gitFailureError(
  kind: GitFailureKind,
  detail: string,
  context: { repoId: string; url: string },
): HfTorrentError {
  const message = `${context.repoId}: ${detail}`;
  switch (kind) {
    case 'gated':
      return new GatedRepoError(message, context);
    case 'disabled':
      return new DisabledRepoError(message, context);
    case 'not-found':
      return new RepoNotFoundError(message, context);
    case 'invalid-credentials':
      return new InvalidCredentialsError(message, { ...context, status: 401 });
    case 'auth-required':
      return new GitAuthRequiredError(message, { ...context, status: 401 });
    case 'forbidden':
      return new HttpError(message, { ...context, status: 403 });
    case 'rate-limited':
      return new RateLimitedError(message, { ...context, status: 429 });
    case 'server':
      return new ServerError(message, context);
    case 'network':
      return new NetworkError(message, context);
    case 'revision-missing':
      return new RevisionNotFoundError(message, context);
    case 'lfs-hash-mismatch':
      return new HashMismatchError(message, context);
    case 'lfs-missing':
      return new EntryNotFoundError(message, context);
    case 'other':
      return new GitError(message, context);
  }
}
