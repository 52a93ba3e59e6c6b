/**
 * The on-disk layout under `<data-dir>/huggingface/` (product.md, "On disk") and the check that the data dir is
 * writable, which every mutating stage runs before it makes any network request.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirError } from '../errors.js';

/** `<data-dir>/huggingface`: the root of everything hf-torrent writes. */
export function hubDir(dataDir: string): string {
  return join(dataDir, 'huggingface');
}

export function catalogPath(dataDir: string): string {
  return join(hubDir(dataDir), 'catalog.db');
}

export function lockPath(dataDir: string): string {
  return join(hubDir(dataDir), 'hftorrent.lock');
}

export function splitUrlsDir(dataDir: string): string {
  return join(hubDir(dataDir), 'split_urls');
}

/** Paths relative to `hubDir`, as exported files name them (e.g. `MetadataFilePath`). */
export const LAYOUT = {
  jsonDir: 'json',
  metadataDir: 'json/metadata',
  jsonModelsDir: 'json/metadata/models',
  htmlModelsDir: 'html/metadata/models',
  reposDir: 'repos',
  splitUrlsDir: 'split_urls',
} as const;

/**
 * Creates `<data-dir>/huggingface` if needed and proves it is writable by creating and removing a probe file.
 * `access(W_OK)` is not enough: it says yes to root on a read-only mount and says nothing about a full disk.
 * Throws `DataDirError` naming the path and the system's reason.
 */
export function ensureDataDir(dataDir: string): string {
  const dir = hubDir(dataDir);
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataDirError(`the data dir is not writable: ${dir} (${reason})`, { path: dir, cause: error });
  }
  return dir;
}
