/**
 * Streams items into a file as a JSON array (one item a line between `[` and `]`) or as NDJSON (one item a
 * line), through an atomic file: readers see the previous file until `commit()`.
 */
import { type AtomicFile, openAtomicFile } from '../catalog/index.js';

/** The seed-compatible JSON layouts: arrays (`json`) or one item a line (`ndjson`). */
export type JsonFormat = 'json' | 'ndjson';

export interface JsonItemsWriter {
  /** Appends one item, given as its JSON text; await it (backpressure). */
  add(json: string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
  readonly count: number;
  readonly bytes: number;
}

export async function openJsonItemsWriter(path: string, format: JsonFormat): Promise<JsonItemsWriter> {
  const file: AtomicFile = await openAtomicFile(path);
  let count = 0;
  return {
    get count() {
      return count;
    },
    get bytes() {
      return file.bytes;
    },
    async add(json) {
      const prefix = format === 'ndjson' ? '' : count === 0 ? '[\n' : ',\n';
      count += 1;
      await file.write(`${prefix}${json}${format === 'ndjson' ? '\n' : ''}`);
    },
    async commit() {
      if (format === 'json') await file.write(count === 0 ? '[]\n' : '\n]\n');
      await file.commit();
    },
    abort: () => file.abort(),
  };
}
