/**
 * A response body into a file sink, for both transfer shapes (one connection, parts): the body's own error
 * (a reset, a short body) is returned for the caller to resume from `sink.position`; a local write error is
 * thrown, a full or read-only disk as the DataDirError that stops the run.
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataDirError } from '../../errors.js';
import type { HashingFileSink } from './hashing-file-sink.js';

/** Resolves with the body's error, or null when the body ended; every write is settled by then. */
export async function pumpBody(
  body: Readable,
  sink: HashingFileSink,
  signal: AbortSignal | undefined,
  stagingPath: string,
): Promise<unknown> {
  let bodyError: unknown = null;
  try {
    await pipeline(body, sink, { signal });
  } catch (error) {
    bodyError = error;
  }
  await sink.settled();
  if (sink.writeError) throw localWriteError(sink.writeError, stagingPath);
  return bodyError;
}

function localWriteError(error: Error, path: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  // A full or read-only disk fails every file the same way: stop the run instead of failing them one by one.
  if (code === 'ENOSPC' || code === 'EROFS' || code === 'EDQUOT') {
    return new DataDirError(`cannot write ${path}: ${error.message}`, { path, cause: error });
  }
  return error;
}
