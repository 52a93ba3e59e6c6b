/**
 * Turns what undici or Node threw into our errors: a retryable NetworkError for transient failures (the
 * policy's `errorCodes`), a final NetworkError for other socket-level failures, AbortedError when the caller
 * aborted, and the original error for anything else (a programming error must not look like the network).
 */
import { AbortedError, NetworkError } from '../errors.js';
import { RetryableFailure } from './with-retries.js';

/** The first string `code` on the error or its causes (undici wraps Node's system errors). */
function networkErrorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '' && code !== 'UND_ERR') return code;
    // AggregateError (happy eyeballs: every address refused) keeps the codes in `errors`.
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = networkErrorCode(errors[0]);
      if (inner !== null) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  if (error instanceof Error && /socket hang up/i.test(error.message)) return 'ECONNRESET';
  return null;
}

const ABORT_CODES = new Set(['UND_ERR_ABORTED', 'UND_ERR_ABORT', 'ABORT_ERR']);

export function classifyThrown(
  error: unknown,
  context: {
    url: string;
    origin: string;
    signal?: AbortSignal;
    retryCodes: readonly string[];
    phase: string;
  },
): unknown {
  if (error instanceof AbortedError || error instanceof RetryableFailure) return error;
  const code = networkErrorCode(error);
  if (context.signal?.aborted || (code !== null && ABORT_CODES.has(code)) || isAbortError(error)) {
    return new AbortedError('aborted', { url: context.url, cause: error });
  }
  if (code === null || !(code.startsWith('E') || code.startsWith('UND_ERR_'))) return error;
  const detail =
    error instanceof Error && error.message !== '' && error.message !== code
      ? `${code}: ${error.message}`
      : code;
  const networkError = new NetworkError(`network error ${context.phase} ${context.origin} (${detail})`, {
    url: context.url,
    cause: error,
  });
  return context.retryCodes.includes(code) ? new RetryableFailure(networkError, null, code) : networkError;
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
