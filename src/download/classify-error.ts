/**
 * What a download does about an error, by its class: skip the repo for a reason the Hub gave, fail the repo,
 * fail one file (the rest of the repo goes on), or stop the run.
 */
import {
  AbortedError,
  describeError,
  DisabledRepoError,
  GatedRepoError,
  HfTorrentError,
  RepoNotFoundError,
  RevisionNotFoundError,
} from '../errors.js';

export type ErrorAction =
  | { action: 'skip-repo'; reason: 'gated' | 'not_found' | 'disabled'; detail: string }
  | { action: 'fail-repo'; reason: string; detail: string }
  | { action: 'fail-file'; reason: string; detail: string }
  | { action: 'stop-run'; error: unknown };

export function classifyError(error: unknown): ErrorAction {
  const detail = describeError(error);
  if (error instanceof GatedRepoError) return { action: 'skip-repo', reason: 'gated', detail };
  if (error instanceof RepoNotFoundError) return { action: 'skip-repo', reason: 'not_found', detail };
  if (error instanceof DisabledRepoError) return { action: 'skip-repo', reason: 'disabled', detail };
  // The pinned commit is gone (history rewritten): no file of it can be had.
  if (error instanceof RevisionNotFoundError)
    return { action: 'fail-repo', reason: 'revision_not_found', detail };
  if (error instanceof AbortedError) return { action: 'stop-run', error };
  if (error instanceof HfTorrentError) {
    if (error.consequence === 'fatal') return { action: 'stop-run', error };
    return { action: 'fail-file', reason: error.code.toLowerCase(), detail };
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return { action: 'fail-file', reason: 'io_error', detail: `${code}: ${detail}` };
  }
  return { action: 'fail-file', reason: 'error', detail };
}
