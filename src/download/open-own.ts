/**
 * Opening a partial file of ours with O_NOFOLLOW: a symlink planted at its name makes the open fail with
 * ELOOP, which becomes the UnsafePathError that says so (instead of bytes written wherever the link points).
 */
import { UnsafePathError } from '../errors.js';

/** Runs `opening` (synchronous, or a promise) with ELOOP turned into UnsafePathError. */
export function openOwn<T>(opening: () => T, path: string): T {
  try {
    const opened = opening();
    if (opened instanceof Promise) {
      return opened.catch((error: unknown) => {
        throw refusedLink(error, path);
      }) as T;
    }
    return opened;
  } catch (error) {
    throw refusedLink(error, path);
  }
}

function refusedLink(error: unknown, path: string): unknown {
  if ((error as NodeJS.ErrnoException | null)?.code !== 'ELOOP') return error;
  return new UnsafePathError(`refusing to write through ${path}: it is a symlink`, { path });
}
