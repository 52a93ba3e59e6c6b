/**
 * Everything the bench starts is registered here and undone on the way out, whatever the way out is (a case
 * that throws, Ctrl-C, a timeout): child processes get SIGKILL by their own pid, temp dirs are removed.
 */
import type { ChildProcess } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const children = new Set<ChildProcess>();
const dirs = new Set<string>();
/** Every temp dir this process made, removed or not (for the smoke test: none may outlive the run). */
const made: string[] = [];

export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** A new temp dir under the OS temp folder, emptied by `releaseTempDir` and removed at the end of the run. */
export function makeTempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `hft-bench-${label}-`));
  dirs.add(dir);
  made.push(dir);
  return dir;
}

export function tempDirsMade(): readonly string[] {
  return made;
}

/**
 * Frees a temp dir's disk space now and removes it when the bench ends. Deleting thousands of files between
 * sides would tax the next side: ext4 will not reuse an inode for a minute after it is freed (five while its
 * table block is dirty), so every file created in that window makes the kernel scan past the freed ones. Seen
 * here: creating an empty file went from 0.06 ms to 0.5 ms of system time after a few rounds of
 * create-and-delete, which made small-file downloads measure the bench's own cleanup. Truncating frees the
 * blocks and keeps the inodes in use.
 */
export function releaseTempDir(dir: string): void {
  emptyFiles(dir);
}

function emptyFiles(dir: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) emptyFiles(path);
    else if (entry.isFile() && lstatSync(path).size > 0) truncateSync(path, 0);
  }
}

/** Removes every temp dir made so far (the end of a bench run, or its exit). */
export function removeTempDirs(): void {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

export function cleanupAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  removeTempDirs();
}

let installed = false;

/** Cleans up on normal exit and on SIGINT/SIGTERM (then exits 130/143). */
export function installCleanupHandlers(): void {
  if (installed) return;
  installed = true;
  process.once('exit', cleanupAll);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      cleanupAll();
      process.exit(code);
    });
  }
}
