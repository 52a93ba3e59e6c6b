/**
 * One large file over several connections at once: the missing byte ranges are cut into parts
 * (part-plan.ts), each part is fetched with a bounded Range request and written in place into the partial
 * file, and the journal (parts-journal.ts) records each part once all its bytes are written, so that a run
 * killed at any instant re-fetches only the parts that were in flight. The digest still covers the whole file
 * in order: the contiguous prefix of complete parts is hashed from the page cache as it grows, and the caller
 * renames the file into place only when the digest matches.
 *
 * A server that does not honour a part's range (200 instead of 206, another offset or length) makes the
 * transfer throw RangesNotHonoured: the caller goes on with one connection from the hashed prefix.
 */
import { setMaxListeners } from 'node:events';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { AbortedError, NetworkError } from '../../../errors.js';
import type { FileResponse } from '../../../hub/hub-client.js';
import { abortableSleep, backoffMillis, localRetryPolicy } from '../../backoff.js';
import { openOwn } from '../../open-own.js';
import { pumpBody } from '../pump-body.js';
import type { FetchFileJob, FetchFileOutcome, FetchFileSettings } from '../fetch-verified-file.js';
import { inlineHashers, type FileHasher } from '../file-hasher.js';
import { BodyTooLongError, HashingFileSink } from '../hashing-file-sink.js';
import type { ConnectionBudget } from './connection-budget.js';
import { FileLocation } from './file-location.js';
import { DEFAULT_LANES, LaneCount, type LaneCountSettings } from './lane-count.js';
import { missingParts, partSize } from './part-plan.js';
import {
  contiguousPrefix,
  PartsJournal,
  readJournal,
  removeJournal,
  type ByteRange,
} from './parts-journal.js';

export interface SegmentSettings {
  /** Files of at least this many bytes are fetched in parts. */
  thresholdBytes: number;
  /** The run's connections, shared by the files in flight. */
  budget: ConnectionBudget;
  /** How a file's connection count starts and grows. Default DEFAULT_LANES. */
  lanes?: LaneCountSettings;
  /** How often a file's connection count is reconsidered, in milliseconds. Default 250. */
  adaptMillis?: number;
  /** Bytes per part. Default: from the file size (part-plan.ts). */
  partBytes?: number;
}

/** The server does not serve this file's ranges as asked: fetch it over one connection. */
export class RangesNotHonoured extends Error {}

/** The content cannot be this file's (a wrong total size): the caller throws the partial file away. */
export class SegmentSizeMismatch extends Error {}

/** A writer's hasher for part writes: hashing follows the contiguous prefix instead (see `advance`). */
const NOT_HASHED: FileHasher = {
  hashed: 0,
  catchUp: () => Promise.resolve(),
  written: () => undefined,
  reset: () => Promise.resolve(),
  digest: () => Promise.reject(new Error('part writers do not hash')),
  close: () => undefined,
};

/** Brings the partial file to the expected size in parts and returns the digest of its content. */
export async function fetchSegmented(
  job: FetchFileJob,
  settings: FetchFileSettings,
  seg: SegmentSettings,
  outcome: FetchFileOutcome,
): Promise<string> {
  await (job.prepare?.() ?? Promise.resolve());
  const flags = constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW;
  const file = await openOwn(() => open(job.stagingPath, flags, 0o644), job.stagingPath);
  const hasher = (settings.hashers ?? inlineHashers)(job.stagingPath, job.expected);
  try {
    const complete = await completeRanges(file, job);
    const journal = await PartsJournal.create(job.stagingPath, job.expected.size, complete);
    try {
      const transfer = new SegmentedTransfer(job, settings, seg, outcome, file, hasher, journal);
      return await transfer.run(complete);
    } finally {
      await journal.close();
    }
  } finally {
    hasher.close();
    await file.close();
  }
}

/**
 * What of the partial file is complete: the journal's ranges (clipped to what the file holds), or, without a
 * journal, the whole file as a prefix (a partial file written over one connection).
 */
async function completeRanges(file: FileHandle, job: FetchFileJob): Promise<ByteRange[]> {
  const { size } = job.expected;
  const onDisk = (await file.stat()).size;
  if (onDisk > size) {
    await file.truncate(0);
    return [];
  }
  const journal = await readJournal(job.stagingPath, size);
  if (journal === null) return onDisk > 0 ? [{ start: 0, end: onDisk }] : [];
  return journal.filter((r) => r.end <= onDisk);
}

class SegmentedTransfer {
  private readonly location: FileLocation;
  private readonly controller = new AbortController();
  private readonly signal: AbortSignal;
  private queue: ByteRange[] = [];
  /** Complete parts past the contiguous prefix, by start. */
  private readonly ahead = new Map<number, number>();
  private prefix = 0;
  private hashing: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private readonly lanes = new Set<Promise<void>>();
  private received = 0;

  constructor(
    private readonly job: FetchFileJob,
    private readonly settings: FetchFileSettings,
    private readonly seg: SegmentSettings,
    private readonly outcome: FetchFileOutcome,
    private readonly file: FileHandle,
    private readonly hasher: FileHasher,
    private readonly journal: PartsJournal,
  ) {
    const { repoId, commit, path } = job;
    this.location = new FileLocation(settings.client, { repoId, commit, path, etag: job.expected.digest });
    const parent = settings.signal;
    this.signal =
      parent === undefined ? this.controller.signal : AbortSignal.any([parent, this.controller.signal]);
    // every part's request, body pipe and pause listens to it
    setMaxListeners(64, this.signal);
  }

  async run(complete: ByteRange[]): Promise<string> {
    const { size } = this.job.expected;
    for (const r of complete) this.ahead.set(r.start, r.end);
    this.advance();
    this.queue = missingParts(size, complete, this.seg.partBytes ?? partSize(size));
    const count = new LaneCount(this.seg.lanes ?? DEFAULT_LANES);
    // the file's own connection, then what the budget lends
    this.startLanes(1, false);
    this.startLanes(this.seg.budget.take(count.initial - 1), true);
    const timer = setInterval(() => this.adapt(count), this.seg.adaptMillis ?? 250);
    try {
      while (this.lanes.size > 0) await Promise.race(this.lanes);
    } finally {
      clearInterval(timer);
      this.outcome.resolveRequests += this.location.resolveRequests;
    }
    if (this.failure !== null) throw this.failure;
    // counted once the parts are done: a fallback to one connection counts the prefix it keeps itself
    this.outcome.bytesReused += complete.reduce((sum, r) => sum + (r.end - r.start), 0);
    await this.hashing;
    const [digest] = await Promise.all([
      this.hasher.digest(size),
      (this.settings.fsync ?? false) ? this.file.datasync() : null,
    ]);
    return digest;
  }

  private adapt(count: LaneCount): void {
    const rate = (this.received * 1000) / (this.seg.adaptMillis ?? 250);
    this.received = 0;
    const wanted = count.more(rate, this.lanes.size, this.queue.length);
    if (wanted > 0) this.startLanes(this.seg.budget.take(wanted), true);
  }

  /** Starts `n` lanes; `lent` ones hold a connection of the budget and give it back when they run out of parts. */
  private startLanes(n: number, lent: boolean): void {
    for (let i = 0; i < n; i++) {
      const lane: Promise<void> = this.lane().finally(() => {
        this.lanes.delete(lane);
        if (lent) this.seg.budget.give(1);
      });
      this.lanes.add(lane);
    }
  }

  private async lane(): Promise<void> {
    for (let part = this.queue.shift(); part !== undefined; part = this.queue.shift()) {
      if (this.failure !== null) return;
      try {
        await this.fetchPart(part);
        await this.journal.complete(part);
        this.ahead.set(part.start, part.end);
        this.advance();
      } catch (error) {
        this.fail(error);
        return;
      }
    }
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.controller.abort();
  }

  /** Hashes the contiguous prefix as far as complete parts reach (one catch-up at a time, in order). */
  private advance(): void {
    let end = this.prefix;
    for (let next = this.ahead.get(end); next !== undefined; next = this.ahead.get(end)) {
      this.ahead.delete(end);
      end = next;
    }
    if (end === this.prefix) return;
    this.prefix = end;
    this.hashing = this.hashing.then(() => this.hasher.catchUp(this.file, end));
    this.hashing.catch((error: unknown) => this.fail(error));
  }

  /** One part, resumed within itself after a reset or a short body (bounded tries without new bytes). */
  private async fetchPart(part: ByteRange): Promise<void> {
    const policy = localRetryPolicy(
      (this.settings.maxStalls ?? 5) + 2,
      this.settings.stallDelayMillis ?? 1000,
    );
    let at = part.start;
    for (let stalls = 0; ;) {
      if (this.signal.aborted) throw this.failure ?? new AbortedError('download aborted');
      const response = await this.location.open(at, part.end, this.signal);
      this.check(response, at, part.end);
      const reached = await this.write(response, at, part.end);
      if (reached >= part.end) return;
      stalls = reached > at ? 0 : stalls + 1;
      const wait = backoffMillis(policy, stalls + 1);
      if (wait === null) {
        const { repoId, path } = this.job;
        throw new NetworkError(`${repoId}/${path}: gave up on bytes ${reached}-${part.end - 1}`, {
          repoId,
          path,
        });
      }
      this.settings.onRetry?.({ kind: 'resume', offset: reached, reason: 'part cut short' });
      at = reached;
      if (wait > 0) await (this.settings.sleep ?? abortableSleep)(wait, this.signal);
    }
  }

  private check(response: FileResponse, start: number, end: number): void {
    const { size } = this.job.expected;
    if (response.size !== null && response.size !== size) {
      response.body.destroy();
      throw new SegmentSizeMismatch(`size ${response.size}, expected ${size}`);
    }
    if (!response.partial || response.offset !== start || response.rangeEnd !== end) {
      response.body.destroy();
      const what = response.partial
        ? `bytes ${response.offset}-${(response.rangeEnd ?? 0) - 1}`
        : 'the whole file';
      throw new RangesNotHonoured(`asked for bytes ${start}-${end - 1}, the server sent ${what}`);
    }
  }

  /** Streams the body into the file from `start`; returns how far the bytes on disk reach. */
  private async write(response: FileResponse, start: number, end: number): Promise<number> {
    const sink = new HashingFileSink(this.file.fd, start, NOT_HASHED, end, (n) => {
      this.received += n;
      this.outcome.bytesFetched += n;
      this.settings.onBytes?.(n);
    });
    const bodyError = await pumpBody(response.body, sink, this.signal, this.job.stagingPath);
    if (bodyError instanceof BodyTooLongError) throw new RangesNotHonoured(`more than ${end - start} bytes`);
    if (this.signal.aborted) throw this.failure ?? new AbortedError('download aborted');
    return sink.position;
  }
}

/**
 * Before a partial file is continued over one connection: when a journal says it was written in parts, only
 * its contiguous prefix is known to be bytes of the file (beyond it are holes and parts), so it is cut there
 * and the journal goes.
 */
export async function keepPrefixOnly(file: FileHandle, partialPath: string, size: number): Promise<void> {
  const journal = await readJournal(partialPath, size);
  if (journal === null) return;
  const onDisk = (await file.stat()).size;
  await file.truncate(Math.min(onDisk, contiguousPrefix(journal)));
  await removeJournal(partialPath);
}
