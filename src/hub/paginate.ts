/**
 * The Hub's `Link rel="next"` pagination, shared by the model listing and the tree listing, with the bounds
 * a hostile server must not get past: a page is a JSON array of at most `maxPageItems` items, and a `next`
 * link that leads back to a page already read in this walk (A -> B -> A) is a pagination cycle, refused
 * instead of followed forever.
 */
import { BadResponseError } from '../errors.js';
import { getJson } from './get-json.js';
import type { FailureContext, HubTransport } from './hub-transport.js';
import { nextPageUrl } from './link-header.js';
import { WireReader } from './mappers/wire-reader.js';
import { headerValue } from './read-body.js';

export interface RawPage {
  /** The URL this page was fetched from. */
  url: string;
  /** The next page's absolute URL, or null after the last. */
  nextUrl: string | null;
  items: unknown[];
  /** Reads the items, naming this page's URL in errors. */
  reader: WireReader;
}

export async function* paginate(
  transport: HubTransport,
  firstUrl: string,
  what: string,
  context?: FailureContext,
): AsyncGenerator<RawPage> {
  const seen = new Set<string>();
  const { maxPageItems } = transport.limits;
  let url: string | null = firstUrl;
  while (url !== null) {
    seen.add(url);
    const { finalUrl, headers, json } = await getJson(transport, url, { context });
    const reader: WireReader = new WireReader(transport.redact(url));
    if (!Array.isArray(json)) reader.fail(what, 'a JSON array', json);
    if (json.length > maxPageItems) {
      throw new BadResponseError(
        `${what} holds ${json.length} items, more than the ${maxPageItems} one page may hold`,
        { url: transport.redact(url), ...context },
      );
    }
    const next = nextPageUrl(headerValue(headers, 'link'), finalUrl.toString());
    if (next !== null && seen.has(next)) {
      throw new BadResponseError(
        next === url
          ? 'the next-page link points at the page itself'
          : `pagination cycle: the next-page link leads back to a page already read (after ${seen.size} pages)`,
        { url: transport.redact(url), ...context },
      );
    }
    yield { url, nextUrl: next, items: json, reader };
    url = next;
  }
}
