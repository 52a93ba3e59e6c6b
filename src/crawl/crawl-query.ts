/**
 * What the crawl asks `GET /api/models` for: every property a dataset needs, in one pass (no per-model
 * requests). Never `sort=`: the Hub's cursor walks `_id`, and a downloads sort would shift while we crawl
 * (selection sorts locally, over the catalog).
 */
import type { ListModelsQuery } from '../hub/hub-client.js';
import type { QueryMode } from '../catalog/index.js';

/**
 * The `expand=` values, each a property the Hub accepts on the listing. `baseModels`, `usedStorage` and
 * `childrenModelCount` are not asked: the Hub answers them on model info only and refuses them here (the
 * download stores `usedStorage` from the model info each selected repo needs anyway). A server refusing
 * others keeps the rest (expand-negotiation.ts).
 */
export const CRAWL_EXPAND = [
  'author',
  'sha',
  'lastModified',
  'createdAt',
  'private',
  'gated',
  'disabled',
  'downloads',
  'downloadsAllTime',
  'likes',
  'trendingScore',
  'library_name',
  'pipeline_tag',
  'tags',
  'siblings',
  'cardData',
  'config',
  'safetensors',
  'gguf',
] as const;

/** The Hub's listing page size ceiling; larger limits are clamped by the server. */
export const DEFAULT_PAGE_SIZE = 1000;

/**
 * The listing query for a mode. `full` is the fallback for a server that refuses an expand value (400): it has
 * no downloadsAllTime or safetensors, and siblings carry only names.
 */
export function crawlQuery(mode: QueryMode, pageSize: number = DEFAULT_PAGE_SIZE): ListModelsQuery {
  return mode === 'expand'
    ? { expand: [...CRAWL_EXPAND], limit: pageSize }
    : { full: true, cardData: true, config: true, limit: pageSize };
}
