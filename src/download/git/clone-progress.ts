/**
 * Byte progress of a clone in flight. git and git-lfs print their own progress, meant for a terminal; instead
 * of parsing it we read what they have written so far: the pack files under `.git/objects/pack` (git writes
 * the incoming pack there as it arrives) and the LFS objects, whole or partial, under `.git/lfs`. The pack is
 * compressed history, not file bytes, so the figure is an estimate, capped at the repo's content size; the
 * LFS part, which is most of the bytes of most repos, is exact.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileInFlight } from '../events.js';
import type { ProgressMeter } from '../progress-meter.js';

/** Where git and git-lfs put what they receive, relative to the clone. */
const RECEIVING = [
  ['.git', 'objects', 'pack'],
  ['.git', 'lfs', 'objects'],
  ['.git', 'lfs', 'incomplete'],
  ['.git', 'lfs', 'tmp'],
];

/** Bytes of the files under the folders a clone receives into (missing folders count 0). */
async function receivedBytes(cloneDir: string): Promise<number> {
  let total = 0;
  for (const segments of RECEIVING) total += await filesSize(join(cloneDir, ...segments));
  return total;
}

async function filesSize(dir: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await filesSize(path);
    else if (entry.isFile())
      total += await lstat(path).then(
        (s) => s.size,
        () => 0,
      );
  }
  return total;
}

/**
 * Samples a clone's received bytes every `intervalMillis` into its in-flight entry and the run's meter.
 * Bytes that were there at the start (a clone resumed from an earlier run) are not counted.
 */
export class CloneProgress {
  private baseline: number | null = null;
  private stopped = false;
  private sampling = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly cloneDir: string,
    private readonly entry: FileInFlight,
    private readonly meter: ProgressMeter,
    intervalMillis: number,
  ) {
    void this.sample();
    this.timer = setInterval(() => void this.sample(), intervalMillis);
    this.timer.unref();
  }

  /** Stops sampling; returns the bytes counted into the meter so far (for the caller to settle). */
  stop(): number {
    this.stopped = true;
    clearInterval(this.timer);
    return this.entry.bytes;
  }

  private async sample(): Promise<void> {
    if (this.sampling || this.stopped) return;
    this.sampling = true;
    try {
      const now = await receivedBytes(this.cloneDir);
      if (this.stopped) return;
      this.baseline ??= now;
      const value = Math.min(this.entry.size, Math.max(0, now - this.baseline));
      // never backwards: git deletes a temporary pack once it has indexed it under its final name
      if (value > this.entry.bytes) this.meter.addBytes(this.entry, value - this.entry.bytes);
    } finally {
      this.sampling = false;
    }
  }
}
