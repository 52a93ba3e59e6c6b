/** `GET /api/models`: a bare JSON array per page, an absolute `Link: <...&cursor=...>; rel="next"` until the last. */
import { listingPage, MAX_LIMIT, SORT_KEYS, type ListingQuery, type SortKey } from '../hub/listing.js';
import {
  invalidListingExpand,
  listingExpandErrorMessage,
  listingItem,
  type ExpandProperty,
  type ListingView,
} from '../hub/model-views.js';
import type { Exchange } from './exchange.js';
import { expandValues, queryFlag, type ServerState } from './server-state.js';

interface Cursor {
  p: number;
  s: SortKey;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor | null {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (Number.isInteger(value.p) && (value.p as number) >= 0 && SORT_KEYS.includes(value.s as SortKey))
      return value as Cursor;
  } catch {
    // fall through: not a cursor we issued
  }
  return null;
}

function parseLimit(raw: string | null): number {
  const n = raw === null ? NaN : Number.parseInt(raw, 10);
  // the Hub silently clamps at 1000
  return Number.isFinite(n) && n > 0 ? Math.min(n, MAX_LIMIT) : MAX_LIMIT;
}

export async function handleListing(state: ServerState, ex: Exchange): Promise<void> {
  const params = ex.url.searchParams;
  const sort = (params.get('sort') ?? 'downloads') as SortKey;
  if (!SORT_KEYS.includes(sort)) {
    return ex.error(400, { message: `"sort" must be one of [${SORT_KEYS.join(', ')}]`, json: true });
  }
  const expand = expandValues(params);
  if (expand !== null) {
    // As the Hub: the single-model properties (baseModels, usedStorage, childrenModelCount) are refused here.
    const bad = invalidListingExpand(expand);
    if (bad !== null)
      return ex.error(400, { message: listingExpandErrorMessage(expand.indexOf(bad)), json: true });
  }
  let position = 0;
  const cursorText = params.get('cursor');
  if (cursorText !== null) {
    const cursor = decodeCursor(cursorText);
    if (cursor === null || cursor.s !== sort) return ex.error(400, { message: 'Invalid cursor', json: true });
    position = cursor.p;
  }
  const gated = params.get('gated');
  const query: ListingQuery = {
    search: params.getAll('search').filter((s) => s !== ''),
    author: params.get('author'),
    filters: [
      ...params.getAll('filter'),
      ...params.getAll('library'),
      ...params.getAll('language'),
      ...params.getAll('tags'),
    ]
      .flatMap((f) => f.split(','))
      .filter((f) => f !== ''),
    pipelineTag: params.get('pipeline_tag'),
    gated: gated === null ? null : /^(true|1)$/i.test(gated),
    sort,
    limit: parseLimit(params.get('limit')),
    position,
  };
  const view: ListingView = {
    full: queryFlag(params, 'full'),
    cardData: queryFlag(params, 'cardData'),
    config: queryFlag(params, 'config'),
    expand: expand === null ? null : ([...new Set(expand)] as ExpandProperty[]),
  };
  const page = listingPage(state.hub, query);
  const items = page.models.map((model) => listingItem(state.hub, model, view));
  const headers: Record<string, string> = {};
  if (page.next !== null) {
    // the next URL is absolute and keeps every original parameter (clients follow it verbatim)
    const next = new URLSearchParams([...params].filter(([key]) => key !== 'cursor'));
    next.append('cursor', encodeCursor({ p: page.next, s: sort }));
    headers['Link'] = `<${ex.origin}/api/models?${next.toString()}>; rel="next"`;
  }
  return ex.json(200, items, headers);
}
