/**
 * `GET /api/models`, page by page: a bare JSON array per page and `Link: <...>; rel="next"` until the last.
 * The next URL is followed verbatim (it already carries every parameter plus the cursor); it is also what
 * the crawler stores to resume.
 */
import { BadResponseError } from '../errors.js';
import type { ListModelsQuery, ModelPage } from './hub-client.js';
import { getJson } from './get-json.js';
import type { HubTransport } from './hub-transport.js';
import { listModelsUrl } from './hub-urls.js';
import { nextPageUrl } from './link-header.js';
import { mapListedModel } from './mappers/map-model-record.js';
import { WireReader } from './mappers/wire-reader.js';
import { headerValue } from './read-body.js';
import type { ListedModel } from '../types.js';

export async function* listModelPages(
  transport: HubTransport,
  query: ListModelsQuery,
  resumeUrl?: string,
): AsyncGenerator<ModelPage> {
  let url: string | null = resumeUrl ?? listModelsUrl(transport.endpoint, query);
  while (url !== null) {
    const { finalUrl, headers, json } = await getJson(transport, url);
    const reader: WireReader = new WireReader(transport.redact(url));
    if (!Array.isArray(json)) reader.fail('the page', 'a JSON array of models', json);
    const items = new Array<ListedModel>(json.length);
    for (let i = 0; i < json.length; i++) items[i] = mapListedModel(json[i], reader, i);
    const next = nextPageUrl(headerValue(headers, 'link'), finalUrl.toString());
    if (next === url) {
      throw new BadResponseError('the next-page link points at the page itself', {
        url: transport.redact(url),
      });
    }
    yield { url, nextUrl: next, items };
    url = next;
  }
}
