/**
 * One file, fetched so that only verified content ever reaches its final path:
 *
 * 1. Open the partial file (it may hold bytes from an earlier attempt or a killed run) and re-hash what is
 *    there: hash state cannot be saved, and re-reading a prefix from disk costs far less than re-fetching it.
 * 2. Ask for the rest with one resolve request chain (`Range: bytes=<on disk>-` when there is a prefix, and no
 *    HEAD first), streaming the body into the file; every completed write extends the hash (inline, or in a
 *    hash worker for large files: see file-hasher.ts and hash-pool.ts).
 * 3. A reset or a short body: resume from the bytes on disk (bounded tries without progress, with backoff).
 *    A server that ignores the range (200 instead of 206): truncate and take the full body it is sending.
 * 4. At the expected size, compare the digest. A mismatch throws the partial file away and starts over from
 *    zero (bounded), then fails with HashMismatchError naming both digests.
 * 5. Make the content durable (fdatasync, when asked), then rename it into place.
 */
import { constants } from 'node:fs';
import { mkdir, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AbortedError, HashMismatchError, HttpError, NetworkError } from '../../errors.js';
import type { FileResponse, HubClient } from '../../hub/hub-client.js';
import type { ExpectedContent } from '../content-hash.js';
import { abortableSleep, backoffMillis, localRetryPolicy } from '../backoff.js';
import { openOwn } from '../open-own.js';
import { pumpBody } from './pump-body.js';
import { inlineHashers, type FileHasher, type HasherFactory } from './file-hasher.js';
import { BodyTooLongError, HashingFileSink } from './hashing-file-sink.js';
import { fetchSmallFile, takesSmallFilePath } from './fetch-small-file.js';
import {
  fetchSegmented,
  keepPrefixOnly,
  RangesNotHonoured,
  SegmentSizeMismatch,
  type SegmentSettings,
} from './segmented/fetch-segmented.js';
import { removeJournal } from './segmented/parts-journal.js';

export interface FetchFileJob {
  repoId: string;
  /** The pinned commit (40 hex): the resolve URL names it, so the bytes can never change under us. */
  commit: string;
  /** Path in the repo, already checked by safePathSegments. */
  path: string;
  expected: ExpectedContent;
  /** Where the partial bytes live (see layout.ts). */
  stagingPath: string;
  /** Moves the verified staging file to its final path (creating folders without following symlinks). */
  place(stagingPath: string): Promise<void>;
  /** Makes the staging file's folder exist. Default: `mkdir -p` of its parent on every attempt. */
  prepare?: () => Promise<void>;
}

export interface FetchFileSettings {
  client: HubClient;
  signal?: AbortSignal;
  /** fdatasync the content before the rename, so a power loss cannot leave a bad file at a final path. Default false. */
  fsync?: boolean;
  /** Consecutive resets / short bodies with no new byte before the file fails. Default 5. */
  maxStalls?: number;
  /** Full downloads whose digest did not match before the file fails. Default 3. */
  maxHashTries?: number;
  /** First wait after a stall, in milliseconds; doubles per stall, capped at 30 s (backoff.ts). Default 1000. */
  stallDelayMillis?: number;
  /** The clock's sleep (tests replace it). Default: timers/promises setTimeout. */
  sleep?: (millis: number, signal?: AbortSignal) => Promise<void>;
  /** Makes the hasher of each partial file. Default: hash inline on the main thread (see hash-pool.ts). */
  hashers?: HasherFactory;
  /** Large files over several connections at once (segmented/); null or absent: every file over one. */
  segments?: SegmentSettings | null;
  /** Bytes written to the partial file (may be negative when it is truncated to start over). */
  onBytes?: (delta: number) => void;
  /** A resume, restart or retry, for progress lines and tests. */
  onRetry?: (retry: FileRetry) => void;
}

export interface FileRetry {
  kind: 'resume' | 'range-ignored' | 'hash-mismatch' | 'size-mismatch';
  /** Bytes on disk the next request starts from. */
  offset: number;
  reason: string;
}

export interface FetchFileOutcome {
  /** Requests made to the resolve endpoint (one per attempt when all goes well). */
  resolveRequests: number;
  /** Bytes received from the network. */
  bytesFetched: number;
  /** Bytes of a partial file from an earlier run that did not need fetching again. */
  bytesReused: number;
}

/** The content did not match; the partial file must be thrown away. */
class ContentMismatch extends Error {
  constructor(
    readonly kind: 'hash-mismatch' | 'size-mismatch',
    readonly actual: string,
  ) {
    super(`content mismatch (${kind}): ${actual}`);
  }
}

export async function fetchVerifiedFile(
  job: FetchFileJob,
  settings: FetchFileSettings,
): Promise<FetchFileOutcome> {
  const maxHashTries = settings.maxHashTries ?? 3;
  const outcome: FetchFileOutcome = { resolveRequests: 0, bytesFetched: 0, bytesReused: 0 };
  for (let tries = 1; ; tries += 1) {
    try {
      let prior: { reason: string; cause: unknown } | undefined;
      if (takesSmallFilePath(job)) {
        const small = await fetchSmallFile(job, settings, outcome);
        if (small.done) return outcome;
        if ('mismatch' in small) throw new ContentMismatch(small.mismatch.kind, small.mismatch.actual);
        prior = small.broken;
      }
      const digest = await fillFile(job, settings, outcome, prior);
      if (digest !== job.expected.digest) throw new ContentMismatch('hash-mismatch', digest);
      await job.place(job.stagingPath);
      await removeJournal(job.stagingPath);
      return outcome;
    } catch (error) {
      if (!(error instanceof ContentMismatch)) {
        await removeIfEmpty(job.stagingPath);
        throw error;
      }
      await rm(job.stagingPath, { force: true });
      await removeJournal(job.stagingPath);
      if (tries >= maxHashTries) {
        const what = error.kind === 'hash-mismatch' ? 'hash' : 'size';
        throw new HashMismatchError(
          `${job.repoId}/${job.path}: ${what} mismatch after ${tries} downloads ` +
            `(expected ${job.expected.algorithm} ${job.expected.digest}, got ${error.actual})`,
          { repoId: job.repoId, path: job.path, expected: job.expected.digest, actual: error.actual },
        );
      }
      settings.onRetry?.({ kind: error.kind, offset: 0, reason: error.message });
    }
  }
}

/**
 * Brings the partial file to the expected size and returns the digest of its content: in parts over several
 * connections for a large file, else (or when the server does not honour ranges) over one.
 */
async function fillFile(
  job: FetchFileJob,
  settings: FetchFileSettings,
  outcome: FetchFileOutcome,
  prior?: { reason: string; cause: unknown },
): Promise<string> {
  const seg = settings.segments;
  if (seg != null && prior === undefined && job.expected.size >= seg.thresholdBytes) {
    try {
      return await fetchSegmented(job, settings, seg, outcome);
    } catch (error) {
      if (error instanceof SegmentSizeMismatch) throw new ContentMismatch('size-mismatch', error.message);
      if (!(error instanceof RangesNotHonoured)) throw error;
      settings.onRetry?.({
        kind: 'range-ignored',
        offset: 0,
        reason: `one connection from here: ${error.message}`,
      });
    }
  }
  return fillPartialFile(job, settings, outcome, prior);
}

/** Over one connection: brings the partial file to the expected size and returns the digest of its content. */
async function fillPartialFile(
  job: FetchFileJob,
  settings: FetchFileSettings,
  outcome: FetchFileOutcome,
  prior?: { reason: string; cause: unknown },
): Promise<string> {
  const { expected } = job;
  await (job.prepare?.() ?? mkdir(dirname(job.stagingPath), { recursive: true }));
  const { file, fresh } = await openPartialFile(job.stagingPath);
  const hasher = (settings.hashers ?? inlineHashers)(job.stagingPath, expected);
  try {
    if (!fresh) await keepPrefixOnly(file, job.stagingPath, expected.size);
    let offset = fresh ? 0 : await usablePrefix(file, expected.size);
    await hasher.catchUp(file, offset);
    outcome.bytesReused += offset;
    let stalls = 0;
    // Progress means passing the furthest byte reached so far: a server that ignores ranges and drops the
    // connection at the same point every time must not keep us restarting forever.
    let furthest = prior === undefined ? offset : 0;
    // Try n of a series without new bytes waits as failure n + 1 of the policy: a body that did bring new bytes
    // still earns the first pause, so a server that resets every few bytes is not asked again at once.
    const policy = localRetryPolicy((settings.maxStalls ?? 5) + 2, settings.stallDelayMillis ?? 1000);
    const stalled = async (reason: string, cause: unknown): Promise<void> => {
      stalls = offset > furthest ? 0 : stalls + 1;
      furthest = Math.max(furthest, offset);
      const wait = backoffMillis(policy, stalls + 1);
      if (wait === null) {
        throw new NetworkError(
          `${job.repoId}/${job.path}: gave up at byte ${offset} of ${expected.size}: ${reason}`,
          {
            repoId: job.repoId,
            path: job.path,
            cause: cause ?? undefined,
          },
        );
      }
      settings.onRetry?.({ kind: 'resume', offset, reason });
      if (wait > 0) await (settings.sleep ?? abortableSleep)(wait, settings.signal);
    };
    // The small-file path's body broke: that attempt counts like any other.
    if (prior !== undefined) await stalled(prior.reason, prior.cause);
    while (offset < expected.size) {
      throwIfAborted(settings.signal);
      const response = await openFrom(job, settings, offset);
      outcome.resolveRequests += response.resolveRequests;
      if (offset > 0 && !response.partial) {
        // The server ignored the range and sends the whole file: keep that body, drop our prefix.
        await startOver(file, hasher, offset, settings, 'range ignored');
        offset = 0;
      }
      const sink = new HashingFileSink(file.fd, offset, hasher, expected.size, (n) => {
        outcome.bytesFetched += n;
        settings.onBytes?.(n);
      });
      const bodyError = await pumpBody(response.body, sink, settings.signal, job.stagingPath);
      if (bodyError instanceof BodyTooLongError) {
        throw new ContentMismatch('size-mismatch', `more than ${expected.size} bytes`);
      }
      throwIfAborted(settings.signal);
      offset = sink.position;
      if (offset >= expected.size) break;
      // A reset or a short body: resume from what is on disk.
      await stalled(bodyError === null ? 'short body' : describe(bodyError), bodyError);
    }
    // The hash and the durable write overlap: the worker reads from the page cache while the disk syncs.
    const [digest] = await Promise.all([
      hasher.digest(offset),
      (settings.fsync ?? false) ? file.datasync() : null,
    ]);
    return digest;
  } finally {
    hasher.close();
    await file.close();
  }
}

/** One request for the file from `offset`, with the answers that cannot be this file's content refused. */
async function openFrom(
  job: FetchFileJob,
  settings: FetchFileSettings,
  offset: number,
): Promise<FileResponse> {
  const { expected } = job;
  let response: FileResponse;
  try {
    response = await settings.client.openFile(job.repoId, job.commit, job.path, {
      ...(offset > 0 ? { start: offset, etag: expected.digest } : {}),
      signal: settings.signal,
    });
  } catch (error) {
    // 416: the server's file ends before our partial file does, so it is not the content we expect.
    if (offset > 0 && error instanceof HttpError && error.status === 416) {
      throw new ContentMismatch('size-mismatch', `range from byte ${offset} not satisfiable`);
    }
    throw error;
  }
  // A bigger file cannot be ours; a smaller declared size is treated as a short body (resumed, then judged).
  if (response.size !== null && response.size > expected.size) {
    response.body.destroy();
    throw new ContentMismatch('size-mismatch', `size ${response.size}, expected ${expected.size}`);
  }
  if (response.partial && response.offset !== offset) {
    response.body.destroy();
    throw new ContentMismatch('size-mismatch', `range starts at ${response.offset}, asked ${offset}`);
  }
  return response;
}

/** Opens the partial file, creating it when there is none (then it is known to be empty: no stat needed). */
async function openPartialFile(path: string): Promise<{ file: FileHandle; fresh: boolean }> {
  try {
    return {
      file: await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o644),
      fresh: true,
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // what is there may be a link planted at the partial file's (predictable) name: never follow it
    return {
      file: await openOwn(() => open(path, constants.O_RDWR | constants.O_NOFOLLOW), path),
      fresh: false,
    };
  }
}

/** How many bytes of an existing partial file can be kept: all of them, unless it is longer than the file. */
async function usablePrefix(file: FileHandle, size: number): Promise<number> {
  const { size: onDisk } = await file.stat();
  if (onDisk <= size) return onDisk;
  await file.truncate(0);
  return 0;
}

async function startOver(
  file: FileHandle,
  hasher: FileHasher,
  offset: number,
  settings: FetchFileSettings,
  reason: string,
): Promise<void> {
  // Reset the hash first: the worker must be done with the old bytes before they go.
  await hasher.reset();
  await file.truncate(0);
  settings.onBytes?.(-offset);
  settings.onRetry?.({ kind: 'range-ignored', offset: 0, reason });
}

/** An attempt that failed before its first byte leaves no empty partial file behind. */
async function removeIfEmpty(path: string): Promise<void> {
  try {
    if ((await stat(path)).size === 0) await rm(path, { force: true });
  } catch {
    // Nothing there, or not ours to judge: the next attempt starts from whatever is left.
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError('download aborted');
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
