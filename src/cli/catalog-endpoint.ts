/**
 * The endpoint a catalog command talks to: the one given explicitly (flag or HF_ENDPOINT), else the one the
 * catalog was crawled from (so `crawl --endpoint X` followed by a bare `download` stays on X), else the default.
 */
import { existsSync } from 'node:fs';
import { catalogPath, openCatalog } from '../catalog/index.js';
import type { GlobalConfig } from '../config.js';

export function catalogEndpoint(config: GlobalConfig): string {
  if (config.endpointSource !== 'default' || !existsSync(catalogPath(config.dataDir))) return config.endpoint;
  const catalog = openCatalog(config.dataDir, { readonly: true });
  try {
    return catalog.snapshots.current()?.endpoint ?? config.endpoint;
  } finally {
    catalog.close();
  }
}
