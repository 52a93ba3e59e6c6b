/**
 * `GET /api/models`, page by page: a bare JSON array per page and `Link: <...>; rel="next"` until the last.
 * The next URL is followed verbatim (it already carries every parameter plus the cursor); it is also what
 * the crawler stores to resume. Bounds and cycle detection: paginate.ts.
 */
import type { ListModelsQuery, ModelPage } from './hub-client.js';
import type { HubTransport } from './hub-transport.js';
import { listModelsUrl } from './hub-urls.js';
import { mapListedModel } from './mappers/map-model-record.js';
import { paginate } from './paginate.js';
import type { ListedModel } from '../types.js';

export async function* listModelPages(
  transport: HubTransport,
  query: ListModelsQuery,
  resumeUrl?: string,
): AsyncGenerator<ModelPage> {
  const first = resumeUrl ?? listModelsUrl(transport.endpoint, query);
  for await (const page of paginate(transport, first, 'the page')) {
    const { items: json, reader } = page;
    const items = new Array<ListedModel>(json.length);
    for (let i = 0; i < json.length; i++) items[i] = mapListedModel(json[i], reader, i);
    yield { url: page.url, nextUrl: page.nextUrl, items };
  }
}
