/**
 * The end of a download pipe: writes each chunk at its position in the partial file, then reports it to the
 * file's hasher. Chunks are held until about 1 MiB is ready and then go down in one `writev` (one syscall
 * for many socket reads), and the Writable's buffer gives the socket backpressure when the disk is the slower
 * side.
 *
 * Invariant: `position` counts bytes that are on disk and reported to the hasher, so after any error the
 * caller can resume the range request at `position` with the same hash state.
 */
import { writev } from 'node:fs';
import { Writable } from 'node:stream';
import type { FileHasher } from './file-hasher.js';

/**
 * Bytes buffered between the socket and the disk before the socket is paused. Small on purpose: chunks that
 * wait in a deep buffer outlive the young generation, and the old-generation collections they cause were the
 * largest cost of a segmented transfer. Measured on one 1 GiB file over 16 connections (capped CDN, 2 cores):
 * 4 MiB spent 1.0 to 1.6 s in the garbage collector and took 5.5 to 7.2 s; 256 KiB spent 0.11 s and took 4.4 s
 * (the CDN's 250 MB/s link cap).
 */
export const SINK_HIGH_WATER_MARK = 256 * 1024;

/** The body is longer than the manifest says: the server is sending some other content. */
export class BodyTooLongError extends Error {
  constructor(readonly limit: number) {
    super(`the response body is longer than the expected ${limit} bytes`);
  }
}

/**
 * Chunks are held until this many bytes are ready, then go down in one `writev`. A socket read is at most
 * 64 KiB, and one `writev` per read costs the main thread a thread-pool hand-off each time: on a 1 GiB file
 * over 16 connections that was 15,000 writes and 0.6 to 0.9 s of the main thread.
 */
export const SINK_COALESCE_BYTES = 1024 * 1024;

export class HashingFileSink extends Writable {
  /** Bytes of the file written and hashed so far (the resume offset). */
  position: number;
  /** A local write error (disk full, I/O error): unlike a network error, resuming cannot help. */
  writeError: Error | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  /** Received chunks not yet written (fewer than SINK_COALESCE_BYTES). */
  private held: Buffer[] = [];
  private heldBytes = 0;

  /**
   * @param fd open file descriptor of the partial file (read-write)
   * @param start byte position of the first chunk
   * @param limit expected file size: more bytes than this is an error
   * @param onWritten called with the byte count of every completed write (progress)
   */
  constructor(
    private readonly fd: number,
    start: number,
    private readonly hasher: FileHasher,
    private readonly limit: number,
    private readonly onWritten: (bytes: number) => void,
  ) {
    super({ highWaterMark: SINK_HIGH_WATER_MARK });
    this.position = start;
  }

  /** Resolves when no write is in flight (a destroyed sink may still have one finishing). */
  settled(): Promise<void> {
    return this.inFlight;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.accept([chunk], callback);
  }

  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    callback: (error?: Error | null) => void,
  ): void {
    this.accept(
      chunks.map((c) => c.chunk),
      callback,
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flush(callback);
  }

  /** A body that failed midway still leaves every byte it delivered on disk: the resume starts after them. */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.flush(() => callback(error));
  }

  private accept(buffers: Buffer[], callback: (error?: Error | null) => void): void {
    let total = 0;
    for (const b of buffers) total += b.byteLength;
    if (this.position + this.heldBytes + total > this.limit) {
      callback(new BodyTooLongError(this.limit));
      return;
    }
    this.held.push(...buffers);
    this.heldBytes += total;
    if (this.heldBytes < SINK_COALESCE_BYTES) callback();
    else this.flush(callback);
  }

  /** Writes the held chunks (if any); `callback` runs once they are on disk and hashed. */
  private flush(callback: (error?: Error | null) => void): void {
    const buffers = this.held;
    const total = this.heldBytes;
    this.held = [];
    this.heldBytes = 0;
    if (total === 0 || this.writeError !== null) {
      callback(this.writeError);
      return;
    }
    const previous = this.inFlight;
    this.inFlight = previous.then(
      () =>
        new Promise((resolve) => {
          writeAll(this.fd, buffers, this.position, (error) => {
            if (error) this.writeError = error;
            else {
              this.position += total;
              this.hasher.written(buffers, this.position);
              this.onWritten(total);
            }
            resolve();
            callback(error);
          });
        }),
    );
  }
}

/** `writev` until every byte is down (a regular file rarely takes less, but the API allows it). */
function writeAll(
  fd: number,
  buffers: Buffer[],
  position: number,
  done: (error: Error | null) => void,
): void {
  writev(fd, buffers, position, (error, written) => {
    if (error) return done(error);
    let left = written;
    const rest: Buffer[] = [];
    for (const b of buffers) {
      if (left >= b.byteLength) left -= b.byteLength;
      else {
        rest.push(left > 0 ? b.subarray(left) : b);
        left = 0;
      }
    }
    if (rest.length === 0) return done(null);
    writeAll(fd, rest, position + written, done);
  });
}
