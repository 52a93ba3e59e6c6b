/**
 * `GET /api/models` semantics over the synthetic Hub: filters, sorts and cursor pages, without ever holding
 * the whole listing. Sorting by downloads is free (the index is the rank); other sorts build an Int32Array
 * permutation on first use (a few seconds at 3M models).
 */
import type { HubModel } from './hub-model.js';
import { modelIdentity } from './generate-model.js';
import { downloadsAllTimeAt, downloadsAt, likesAt, trendingScoreAt } from './popularity.js';
import type { SyntheticHub } from './synthetic-hub.js';

export const SORT_KEYS = [
  'downloads',
  'likes',
  'likes30d',
  'trendingScore',
  'createdAt',
  'lastModified',
  'downloadsAllTime',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface ListingQuery {
  /** Case-insensitive substring of the id. */
  search: string[];
  /** Exact namespace. */
  author: string | null;
  /** Tags that must all be present. */
  filters: string[];
  pipelineTag: string | null;
  gated: boolean | null;
  sort: SortKey;
  /** Page size, 1..1000. */
  limit: number;
  /** Position in the sort order where this page starts. */
  position: number;
}

/** Default and maximum page size (the Hub clamps `limit` at 1000; the default is not documented). */
export const MAX_LIMIT = 1000;
/** Models a single page may examine for a sparse filter before returning what it has (with a next link). */
export const SCAN_BUDGET = 200_000;

export interface ListingPage {
  models: HubModel[];
  /** Position where the next page starts, or null when this was the last page. */
  next: number | null;
}

function matches(hub: SyntheticHub, index: number, query: ListingQuery): HubModel | null {
  if (query.search.length > 0 || query.author !== null) {
    // the identity alone decides these (cheaper than the whole model)
    const { id, author } = modelIdentity(hub.context, index);
    const lower = id.toLowerCase();
    if (!query.search.every((s) => lower.includes(s.toLowerCase()))) return null;
    if (query.author !== null && author !== query.author) return null;
  }
  const model = hub.at(index);
  if (
    query.filters.length > 0 &&
    !query.filters.every((f) => model.tags.includes(f) || model.pipelineTag === f)
  )
    return null;
  if (query.pipelineTag !== null && model.pipelineTag !== query.pipelineTag) return null;
  if (query.gated !== null && (model.gated !== false) !== query.gated) return null;
  return model;
}

export function listingPage(hub: SyntheticHub, query: ListingQuery): ListingPage {
  const order = sortOrder(hub, query.sort);
  const models: HubModel[] = [];
  let position = query.position;
  const stopAt = Math.min(hub.size, position + Math.max(SCAN_BUDGET, query.limit * 100));
  while (position < stopAt && models.length < query.limit) {
    const index = order === null ? position : (order[position] as number);
    position++;
    const model = matches(hub, index, query);
    if (model !== null) models.push(model);
  }
  return { models, next: position < hub.size ? position : null };
}

const orders = new WeakMap<SyntheticHub, Map<SortKey, Int32Array>>();

/** Indices in descending `key` order (ties in index order); null for downloads (identity). */
export function sortOrder(hub: SyntheticHub, key: SortKey): Int32Array | null {
  if (key === 'downloads') return null;
  let byKey = orders.get(hub);
  if (byKey === undefined) orders.set(hub, (byKey = new Map()));
  const cached = byKey.get(key);
  if (cached !== undefined) return cached;
  const n = hub.size;
  const values = new Float64Array(n);
  const seed = hub.context.seed.words[0];
  for (let i = 0; i < n; i++) values[i] = sortValue(hub, i, key, seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
  byKey.set(key, order);
  return order;
}

function sortValue(hub: SyntheticHub, index: number, key: SortKey, seed: number): number {
  const downloads = downloadsAt(index, hub.size);
  switch (key) {
    case 'likes':
    case 'likes30d':
      return likesAt(seed, index, downloads);
    case 'trendingScore':
      return trendingScoreAt(seed, index, likesAt(seed, index, downloads));
    case 'downloadsAllTime':
      return downloadsAllTimeAt(seed, index, downloads);
    case 'createdAt':
      return Date.parse(hub.at(index).createdAt);
    case 'lastModified': {
      const model = hub.at(index);
      return model.commitTimes[model.listedCommits - 1] as number;
    }
    case 'downloads':
      return downloads;
  }
}
