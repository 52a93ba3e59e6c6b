/**
 * Durability without an fsync per file. Files are renamed into place without fsync (see `fsync` in
 * download.ts), so a killed process loses nothing (written data is in the kernel's page cache), but an OS
 * crash or a power loss can lose data the kernel had not yet written back: such a file is left empty, short,
 * or (on some filesystems) zero-filled at its final path, while the ledger may say verified.
 *
 * Detection: when the machine has booted since the ledger's last file write, every file verified within
 * `RECOVERY_WINDOW_MILLIS` before that write is re-hashed from disk before it is trusted (no request unless it
 * is bad). Kernels write dirty data back within about 30 s; the window leaves ample margin. Rows lost from the
 * ledger itself in the crash (its WAL is not synced at every commit) are not verified rows, so their files are
 * re-hashed anyway.
 */
import { uptime } from 'node:os';

/** How far before the ledger's last write a reboot makes verified files suspect, in milliseconds. */
export const RECOVERY_WINDOW_MILLIS = 10 * 60_000;

/**
 * The ISO time from which verified files must be re-hashed before they are trusted, or null when no reboot
 * happened since the ledger's last file write.
 *
 * @param lastFileUpdate the newest `updated_at` of the ledger's file rows (ISO-8601), or null
 * @param bootedAtMillis when this machine booted, in milliseconds since the epoch
 */
export function recheckVerifiedSince(lastFileUpdate: string | null, bootedAtMillis: number): string | null {
  if (lastFileUpdate === null) return null;
  const last = Date.parse(lastFileUpdate);
  if (!Number.isFinite(last) || !(bootedAtMillis > last)) return null;
  return new Date(last - RECOVERY_WINDOW_MILLIS).toISOString();
}

/** When this machine booted, from the clock and the system uptime. */
export function bootTimeMillis(now: number): number {
  return now - uptime() * 1000;
}
