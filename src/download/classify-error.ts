/**
 * What a download does about an error, decided by its `consequence` alone (errors.ts): skip the repo for a
 * reason the Hub gave, fail the repo, fail one file (the rest of the repo goes on), or stop the run. Errors
 * that are not ours (a failed write, a bug) fail the file they met.
 */
import { describeError, HfTorrentError, type Consequence, type ErrorCode } from '../errors.js';

export type ErrorAction =
  | { action: 'skip-repo'; reason: string; detail: string }
  | { action: 'fail-repo'; reason: string; detail: string }
  | { action: 'fail-file'; reason: string; detail: string }
  | { action: 'stop-run'; error: unknown };

/** A `retry` error that reaches the run has used up its retries: it fails what it met, like `fail`. */
const ACTION_BY_CONSEQUENCE: Record<Consequence, ErrorAction['action']> = {
  skip: 'skip-repo',
  'fail-repo': 'fail-repo',
  fail: 'fail-file',
  retry: 'fail-file',
  fatal: 'stop-run',
};

/** The ledger's reason for a code, where it is not the code in lower case. */
const REASON_BY_CODE: Partial<Record<ErrorCode, string>> = {
  GATED_REPO: 'gated',
  REPO_NOT_FOUND: 'not_found',
  REPO_DISABLED: 'disabled',
};

export function classifyError(error: unknown): ErrorAction {
  const detail = describeError(error);
  if (error instanceof HfTorrentError) {
    const action = ACTION_BY_CONSEQUENCE[error.consequence];
    if (action === 'stop-run') return { action, error };
    return { action, reason: reasonFor(error.code), detail };
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return { action: 'fail-file', reason: 'io_error', detail: `${code}: ${detail}` };
  }
  return { action: 'fail-file', reason: 'error', detail };
}

/** The reason recorded for an error code (`gated`, `not_found`, `hash_mismatch`, ...). */
export function reasonFor(code: ErrorCode): string {
  return REASON_BY_CODE[code] ?? code.toLowerCase();
}
