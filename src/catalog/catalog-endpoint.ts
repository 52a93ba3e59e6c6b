/**
 * The endpoint a command works against, decided in one place: the one given (a flag or HF_ENDPOINT, already
 * normalised by config.ts), else the one the catalog's crawl was made from (so `crawl --endpoint X` followed
 * by a bare `download`, `select` or `export` stays on X), else the Hub.
 */
import { existsSync } from 'node:fs';
import { DEFAULT_ENDPOINT } from '../config.js';
import { normalizeEndpoint } from '../hub/hub-urls.js';
import { catalogPath } from './data-dir.js';
import { openCatalog } from './open-catalog.js';

/** `given`, else `recorded` (what the catalog holds for this run), else the Hub; normalised. */
export function decideEndpoint(given: string | undefined, recorded: string | null | undefined): string {
  return normalizeEndpoint(given ?? recorded ?? DEFAULT_ENDPOINT);
}

/** The endpoint for a run on `dataDir` (its catalog opened read-only, when there is one). */
export function catalogEndpoint(dataDir: string, given: string | undefined): string {
  if (given !== undefined || !existsSync(catalogPath(dataDir))) return decideEndpoint(given, null);
  const catalog = openCatalog(dataDir, { readonly: true });
  try {
    return decideEndpoint(undefined, catalog.snapshots.current()?.endpoint);
  } finally {
    catalog.close();
  }
}
