/**
 * The hash of a partial file, kept in step with what is on disk: the sink reports each completed write, and
 * `digest` answers for the bytes written so far. Two implementations: `InlineHasher` hashes the written
 * chunks on the main thread (cheapest for small files), `hash-pool.ts` hashes the written ranges from disk
 * in a worker thread (large files: hashing at 2 GB/s would otherwise take a core from the network).
 */
import type { FileHandle } from 'node:fs/promises';
import { createContentHasher, type ContentHasher, type ExpectedContent } from '../content-hash.js';

export interface FileHasher {
  /** Bytes covered so far. */
  readonly hashed: number;
  /** Hashes the bytes already in the file up to `upTo` (a partial file left by an earlier attempt or run). */
  catchUp(file: FileHandle, upTo: number): Promise<void>;
  /** `chunks` were just written, ending at byte `upTo` of the file. */
  written(chunks: readonly Buffer[], upTo: number): void;
  /** The file was truncated to zero: forget everything. */
  reset(): Promise<void>;
  /** The digest of bytes [0, upTo) (every byte reported so far). May be called once. */
  digest(upTo: number): Promise<string>;
  /** Releases resources (safe to call twice, and after digest). */
  close(): void;
}

/** Creates the hasher for one partial file. */
export type HasherFactory = (stagingPath: string, expected: ExpectedContent) => FileHasher;

const READ_CHUNK = 1024 * 1024;

export class InlineHasher implements FileHasher {
  private hash: ContentHasher;
  /** One read buffer for every catch-up (a segmented file catches up once per part). */
  private buffer: Buffer | null = null;
  hashed = 0;

  constructor(private readonly expected: ExpectedContent) {
    this.hash = createContentHasher(expected);
  }

  async catchUp(file: FileHandle, upTo: number): Promise<void> {
    this.buffer ??= Buffer.allocUnsafe(Math.max(1, Math.min(READ_CHUNK, this.expected.size)));
    const buffer = this.buffer;
    while (this.hashed < upTo) {
      const { bytesRead } = await file.read(
        buffer,
        0,
        Math.min(buffer.length, upTo - this.hashed),
        this.hashed,
      );
      if (bytesRead === 0) break;
      this.hash.update(buffer.subarray(0, bytesRead));
      this.hashed += bytesRead;
    }
  }

  written(chunks: readonly Buffer[], upTo: number): void {
    for (const chunk of chunks) this.hash.update(chunk);
    this.hashed = upTo;
  }

  async reset(): Promise<void> {
    this.hash = createContentHasher(this.expected);
    this.hashed = 0;
  }

  async digest(upTo: number): Promise<string> {
    if (upTo !== this.hashed) throw new Error(`hashed ${this.hashed} bytes, asked for the digest of ${upTo}`);
    return this.hash.digest();
  }

  close(): void {}
}

export const inlineHashers: HasherFactory = (_path, expected) => new InlineHasher(expected);
