/**
 * A worker's ledger on the shared data dir: an append-only file of JSON lines that exactly one process (the
 * worker) writes. Why a journal and not a SQLite file per worker: readers (`status`, `merge`) run on other
 * machines while the worker writes, and on NFS, Lustre or GPFS neither SQLite's POSIX locks nor its WAL's
 * shared memory work across machines (they fail silently). An append-only file needs neither: each entry is
 * one `write()` of one complete line, and a reader takes the lines that end in a newline, ignoring a partial
 * last line a writer is still writing or a killed one left. A worker that starts again cuts such a partial
 * tail off before it appends, so the file stays a sequence of complete entries.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { CatalogError } from '../errors.js';

/** One entry: the time it was made (milliseconds since the epoch), the operation, its arguments. */
export interface JournalEntry {
  t: number;
  op: string;
  args: unknown[];
}

/** The complete entries of a journal (none when the file does not exist) and the bytes they span. */
export function readJournal(path: string): { entries: JournalEntry[]; bytes: number } {
  if (!existsSync(path)) return { entries: [], bytes: 0 };
  const buffer = readFileSync(path);
  const end = buffer.lastIndexOf(0x0a) + 1;
  const entries: JournalEntry[] = [];
  let start = 0;
  let line = 0;
  while (start < end) {
    const nl = buffer.indexOf(0x0a, start);
    line += 1;
    const text = buffer.toString('utf8', start, nl);
    start = nl + 1;
    if (text.trim() === '') continue;
    try {
      entries.push(JSON.parse(text) as JournalEntry);
    } catch (error) {
      throw new CatalogError(`${path} line ${line}: not a journal entry (${(error as Error).message})`, {
        path,
        cause: error,
      });
    }
  }
  return { entries, bytes: end };
}

/** The one writer of a journal file. */
export class JournalWriter {
  private fd: number | null;

  /**
   * Opens `path` for appending (creating it and its folder), after cutting any partial last line off.
   * @param validBytes the length of the file's complete entries, as readJournal measured them
   * @param fsync flush every entry to disk (survives a power loss; slower). Default false: an entry written
   *   survives the process being killed, which is what a scheduler does to a worker.
   */
  constructor(
    readonly path: string,
    validBytes: number,
    private readonly fsync = false,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a+');
    ftruncateSync(this.fd, validBytes);
  }

  append(entry: JournalEntry): void {
    if (this.fd === null) throw new CatalogError(`journal ${this.path} is closed`, { path: this.path });
    const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    let written = 0;
    while (written < line.length) written += writeSync(this.fd, line, written);
    if (this.fsync) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}
