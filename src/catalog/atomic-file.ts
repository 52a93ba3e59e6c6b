/**
 * Writes a file so that readers see either the old file or the complete new one: the text goes to
 * `<path>.tmp`, is flushed to disk, and is renamed over `<path>` only on `commit()`. Writes are buffered and
 * awaited chunk by chunk, so a caller that awaits `write` streams with constant memory (backpressure).
 *
 * The temporary name is fixed (not per process): the data-dir lock allows one writer, and a leftover from a
 * killed run is simply overwritten by the next one.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Bytes buffered before a write to disk. */
const CHUNK_BYTES = 1 << 20;

export interface AtomicFile {
  /** Appends text; resolves once earlier text is on its way to disk (await it for backpressure). */
  write(text: string): Promise<void>;
  /** Flushes, fsyncs, closes and renames over the target. */
  commit(): Promise<void>;
  /** Closes and removes the temporary file; the target is untouched. Safe after a failed commit. */
  abort(): Promise<void>;
  /** Bytes written so far. */
  readonly bytes: number;
}

export async function openAtomicFile(path: string): Promise<AtomicFile> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  let handle: FileHandle | null = await open(tmp, 'w');
  let pending: string[] = [];
  let pendingLength = 0;
  let bytes = 0;

  const flush = async (): Promise<void> => {
    if (pending.length === 0 || handle === null) return;
    const buffer = Buffer.from(pending.join(''), 'utf8');
    pending = [];
    pendingLength = 0;
    await handle.write(buffer);
  };

  return {
    get bytes() {
      return bytes;
    },
    async write(text) {
      if (handle === null) throw new Error(`${path}: write after commit or abort`);
      pending.push(text);
      pendingLength += text.length;
      bytes += Buffer.byteLength(text, 'utf8');
      if (pendingLength >= CHUNK_BYTES) await flush();
    },
    async commit() {
      if (handle === null) throw new Error(`${path}: commit after commit or abort`);
      await flush();
      await handle.sync();
      await handle.close();
      handle = null;
      await rename(tmp, path);
    },
    async abort() {
      const h = handle;
      handle = null;
      pending = [];
      await h?.close().catch(() => {});
      await rm(tmp, { force: true });
    },
  };
}

/** Writes a whole small file atomically. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const file = await openAtomicFile(path);
  try {
    await file.write(text);
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
}
