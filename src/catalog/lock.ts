/**
 * The data-dir lock: one mutating run (crawl, select, download, export, run) per data dir at a time.
 *
 * The lock is a file, `<data-dir>/huggingface/hftorrent.lock`, holding JSON that names its holder (pid, host,
 * command, since). It is created with `link()` from a fully written temporary file, so it never exists
 * half-written, and `link()` fails when the lock exists (no clobbering, unlike rename).
 *
 * A lock whose holder pid is dead on this host is stale (the holder was killed) and is taken over. A lock held
 * from another host is never taken over: we cannot tell whether that process lives.
 *
 * Within one process the lock is reentrant: `run` holds it while it calls crawl, select and export, which take
 * it too. Each acquisition returns its own release; the file goes when the last one is released.
 */
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { CatalogLockedError } from '../errors.js';
import { ensureDataDir, lockPath } from './data-dir.js';

export interface LockHolder {
  pid: number;
  host: string;
  /** The command that took the lock, e.g. `crawl`. */
  command: string;
  /** ISO-8601 time the lock was taken. */
  since: string;
  /** Distinguishes two acquisitions by the same pid (pid reuse after a crash). */
  token: string;
}

/** Releases one acquisition; idempotent. */
export type ReleaseLock = () => void;

export interface AcquireLockOptions {
  /** Clock for the `since` field. Default `Date.now`. */
  now?: () => number;
}

/** Per lock path: how many acquisitions this process holds, and the holder it wrote. */
const held = new Map<string, { count: number; holder: LockHolder }>();

const MAX_TAKEOVER_ATTEMPTS = 5;

/**
 * Takes the data-dir lock for `command`, creating the data dir if needed (a `DataDirError` when it is not
 * writable). Throws `CatalogLockedError` naming the holder when another live process holds it.
 */
export function acquireDataDirLock(
  dataDir: string,
  command: string,
  options: AcquireLockOptions = {},
): ReleaseLock {
  ensureDataDir(dataDir);
  const path = lockPath(dataDir);
  const mine = held.get(path);
  if (mine !== undefined) {
    mine.count += 1;
    return onceRelease(path);
  }
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    command,
    since: new Date((options.now ?? Date.now)()).toISOString(),
    token: `${process.pid}-${Math.random().toString(36).slice(2)}`,
  };
  for (let attempt = 0; attempt < MAX_TAKEOVER_ATTEMPTS; attempt += 1) {
    if (tryCreate(path, holder)) {
      held.set(path, { count: 1, holder });
      return onceRelease(path);
    }
    const text = readLockText(path);
    if (text === null) continue; // released between our link() and our read: try again
    const other = parseHolder(text);
    if (other !== null && !isStale(other)) {
      throw new CatalogLockedError(
        `the data dir is in use by another hf-torrent run: ${describeHolder(other)}; ` +
          `wait for it to finish (if no such process exists, delete ${path})`,
        { path },
      );
    }
    takeOver(path, text);
  }
  throw new CatalogLockedError(`could not take the data-dir lock ${path}: other runs keep racing for it`, {
    path,
  });
}

/** Reads who holds the lock, or null when nobody does (for `status`). */
export function readDataDirLock(dataDir: string): LockHolder | null {
  const text = readLockText(lockPath(dataDir));
  return text === null ? null : parseHolder(text);
}

/** The holder of the data-dir lock when it may be alive (a lock left by a dead pid on this host is none). */
export function liveDataDirLock(dataDir: string): LockHolder | null {
  const holder = readDataDirLock(dataDir);
  return holder !== null && !isStale(holder) ? holder : null;
}

export function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} on ${holder.host}, command "${holder.command}", since ${holder.since}`;
}

function tryCreate(path: string, holder: LockHolder): boolean {
  const tmp = `${path}.${holder.token}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(holder)}\n`);
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/**
 * Moves a stale lock aside with rename (atomic), then checks that what it moved is the stale lock it read: if
 * another process took the lock over in between, it moved a live lock, which it puts back with link() (which
 * never clobbers a newer lock).
 */
function takeOver(path: string, staleText: string): void {
  const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    if (readLockText(aside) !== staleText) {
      try {
        linkSync(aside, path);
      } catch {
        // Another run created a lock meanwhile; ours loses the race on the next attempt.
      }
    }
  } finally {
    rmSync(aside, { force: true });
  }
}

function onceRelease(path: string): ReleaseLock {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const mine = held.get(path);
    if (mine === undefined) return;
    mine.count -= 1;
    if (mine.count > 0) return;
    held.delete(path);
    // Remove the file only while it is still ours (a user may have deleted it and another run taken it).
    const text = readLockText(path);
    if (text !== null && parseHolder(text)?.token === mine.holder.token) rmSync(path, { force: true });
  };
}

function readLockText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string') return null;
    return {
      pid: value.pid,
      host: value.host,
      command: typeof value.command === 'string' ? value.command : 'unknown',
      since: typeof value.since === 'string' ? value.since : 'unknown',
      token: typeof value.token === 'string' ? value.token : '',
    };
  } catch {
    return null;
  }
}

/** Stale: unreadable, or held by a pid that no longer exists on this host. */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  // Our own pid, yet not an acquisition of this process (those are in `held`): a dead run whose pid we reuse,
  // common in containers where the CLI gets the same small pid after a restart.
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
