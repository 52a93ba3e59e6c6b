/**
 * Which byte ranges of a segmented partial file are complete, in a sidecar next to it (`<partial>.parts`).
 * A range is appended only after all its bytes were written to the partial file, so after a SIGKILL at any
 * instant the journal never claims a byte that is not on disk (the page cache keeps written bytes when the
 * process dies; after an OS crash, crash-recovery.ts has the file re-hashed, and a mismatch refetches it).
 * One line per range, `start end` (end exclusive), after a header naming the file size; a torn last line is
 * ignored.
 */
import { constants } from 'node:fs';
import { open, readFile, rm, type FileHandle } from 'node:fs/promises';

const HEADER = 'hftorrent-parts v1';

export interface ByteRange {
  start: number;
  end: number;
}

export function journalPath(partialPath: string): string {
  return `${partialPath}.parts`;
}

/** The complete ranges the journal of a partial file of `size` bytes records (merged, sorted); [] if none. */
export async function readJournal(partialPath: string, size: number): Promise<ByteRange[] | null> {
  let text: string;
  try {
    text = await readFile(journalPath(partialPath), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const lines = text.split('\n');
  if (lines[0] !== `${HEADER} size=${size}`) return [];
  const ranges: ByteRange[] = [];
  // the last element is what follows the last newline: a torn line, or empty
  for (const line of lines.slice(1, -1)) {
    const m = /^(\d+) (\d+)$/.exec(line);
    if (m === null) continue;
    const start = Number(m[1]);
    const end = Number(m[2]);
    if (start < end && end <= size) ranges.push({ start, end });
  }
  return mergeRanges(ranges);
}

/** Sorted, overlapping and touching ranges joined. */
export function mergeRanges(ranges: readonly ByteRange[]): ByteRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: ByteRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** Bytes from 0 that are complete. */
export function contiguousPrefix(ranges: readonly ByteRange[]): number {
  const first = ranges[0];
  return first !== undefined && first.start === 0 ? first.end : 0;
}

export class PartsJournal {
  private constructor(private readonly handle: FileHandle) {}

  /** Starts a journal anew (the header, then `complete` if any), replacing whatever was there. */
  static async create(
    partialPath: string,
    size: number,
    complete: readonly ByteRange[],
  ): Promise<PartsJournal> {
    const path = journalPath(partialPath);
    await rm(path, { force: true });
    // O_EXCL after the rm: a link planted at this name is never followed
    const handle = await open(
      path,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND,
      0o644,
    );
    const lines = complete.map((r) => `${r.start} ${r.end}\n`).join('');
    await handle.write(`${HEADER} size=${size}\n${lines}`);
    return new PartsJournal(handle);
  }

  /** Records a range whose bytes are all written. */
  async complete(range: ByteRange): Promise<void> {
    await this.handle.write(`${range.start} ${range.end}\n`);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

export async function removeJournal(partialPath: string): Promise<void> {
  await rm(journalPath(partialPath), { force: true });
}
