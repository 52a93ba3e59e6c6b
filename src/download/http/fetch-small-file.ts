/**
 * The fast path for small files (most files of most repos: configs, tokenizers, cards): the body is collected
 * in memory, verified there, and written to the partial file in one synchronous call before the rename. A
 * small file then costs one write and one rename on the disk side instead of open, writev, close and rename
 * through the thread pool; the main-thread profile of 4,319 small files was dominated by those calls.
 *
 * Same guarantees as the streaming path: nothing reaches the final path unverified (the content is checked
 * before it is written at all), and a body that breaks leaves its prefix in the partial file, from which the
 * streaming path resumes with `Range`.
 */
import { closeSync, constants, existsSync, fdatasyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { openOwn } from '../open-own.js';
import { dirname } from 'node:path';
import { createContentHasher } from '../content-hash.js';
import type { FetchFileJob, FetchFileOutcome, FetchFileSettings } from './fetch-verified-file.js';

/** Files up to this size take the in-memory path. */
export const SMALL_FILE_BYTES = 256 * 1024;

export type SmallFileResult =
  /** Verified and placed. */
  | { done: true }
  /** The body broke (`broken`) or was aborted: the streaming path goes on from what is in the partial file. */
  | { done: false; broken?: { reason: string; cause: unknown } }
  /** The server sent other content (too long, or the wrong digest). */
  | { done: false; mismatch: { kind: 'hash-mismatch' | 'size-mismatch'; actual: string } };

/** True when the small-file path applies: small, non-empty, and no partial file from an earlier attempt. */
export function takesSmallFilePath(job: FetchFileJob): boolean {
  return job.expected.size > 0 && job.expected.size <= SMALL_FILE_BYTES && !existsSync(job.stagingPath);
}

export async function fetchSmallFile(
  job: FetchFileJob,
  settings: FetchFileSettings,
  outcome: FetchFileOutcome,
): Promise<SmallFileResult> {
  const { expected } = job;
  const response = await settings.client.openFile(job.repoId, job.commit, job.path, {
    signal: settings.signal,
  });
  outcome.resolveRequests += response.resolveRequests;
  if (response.size !== null && response.size > expected.size) {
    response.body.destroy();
    return mismatch('size-mismatch', `size ${response.size}, expected ${expected.size}`);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  let broken: { reason: string; cause: unknown } | undefined;
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      received += chunk.byteLength;
      outcome.bytesFetched += chunk.byteLength;
      if (received > expected.size) {
        response.body.destroy();
        return mismatch('size-mismatch', `more than ${expected.size} bytes`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    // A reset or a timeout mid-body: keep what arrived, the streaming path resumes after it.
    broken = { reason: error instanceof Error ? error.message : String(error), cause: error };
  }
  if (settings.signal?.aborted) return { done: false };
  const content = Buffer.concat(chunks, received);
  if (broken !== undefined || received < expected.size) {
    if (received > 0) {
      await prepare(job);
      writePartial(job, content, false);
    }
    return { done: false, broken: broken ?? { reason: 'short body', cause: undefined } };
  }
  const hasher = createContentHasher(expected);
  hasher.update(content);
  const digest = hasher.digest();
  if (digest !== expected.digest) return mismatch('hash-mismatch', digest);
  await prepare(job);
  writePartial(job, content, settings.fsync ?? false);
  settings.onBytes?.(received);
  await job.place(job.stagingPath);
  return { done: true };
}

/** The partial file's folder (created once per repo and run by the job's own `prepare`). */
async function prepare(job: FetchFileJob): Promise<void> {
  if (job.prepare) await job.prepare();
  else mkdirSync(dirname(job.stagingPath), { recursive: true });
}

/** One synchronous write: a few KiB take microseconds, less than a thread-pool round trip. */
function writePartial(job: FetchFileJob, content: Buffer, sync: boolean): void {
  // never through a link planted at the (predictable) partial file's name
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
  const fd = openOwn(() => openSync(job.stagingPath, flags, 0o644), job.stagingPath);
  try {
    let written = 0;
    while (written < content.byteLength) written += writeSync(fd, content, written);
    if (sync) fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function mismatch(kind: 'hash-mismatch' | 'size-mismatch', actual: string): SmallFileResult {
  return { done: false, mismatch: { kind, actual } };
}
