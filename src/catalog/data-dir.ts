/**
 * The on-disk layout under `<data-dir>/huggingface/` (product.md, "On disk") and the check that the data dir is
 * writable, which every mutating stage runs before it makes any network request.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataDirError, StageNotRunError } from '../errors.js';

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
    makeDirs(dir);
    const probe = join(dir, `.write-probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataDirError(`the data dir is not writable: ${dir} (${reason})`, { path: dir, cause: error });
  }
  return dir;
}

/**
 * `mkdir -p`, one level at a time. Node 20's recursive mkdir loops forever, at full CPU and deaf to SIGTERM,
 * where a parent exists but refuses children with ENOENT (`--data-dir /proc/nope`); a plain mkdir of each
 * missing level fails at once with the system's reason.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let current = dir; !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      // made meanwhile by another process: fine
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Every command but `crawl`, `run` and `download --urls` works on a catalog an earlier stage made: a data dir
 * without one is a mistyped `--data-dir` far more often than a wish for an empty catalog, so nothing is
 * created there. Throws `StageNotRunError` naming the data dir.
 */
export function requireCatalog(dataDir: string): void {
  if (existsSync(catalogPath(dataDir))) return;
  throw new StageNotRunError(
    `no catalog in ${hubDir(dataDir)}: run \`hftorrent crawl\` (or \`hftorrent run\`) there first, or check --data-dir`,
    { path: catalogPath(dataDir) },
  );
}
