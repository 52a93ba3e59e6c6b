/**
 * A repo's history: `GET /api/models/{id}/commits/{rev}` (newest first, paginated by page number through the
 * `Link` header, 100 a page) and `GET /api/models/{id}/refs`. Both are API calls, paced like every other.
 */
import { BadResponseError } from '../errors.js';
import type { RepoCommitInfo, RepoRef } from '../types.js';
import { getJson } from './get-json.js';
import type { HubTransport } from './hub-transport.js';
import { repoApiUrl } from './hub-urls.js';
import { nextPageUrl } from './link-header.js';
import { mapCommit, mapRefs } from './mappers/map-history.js';
import { WireReader } from './mappers/wire-reader.js';
import { headerValue } from './read-body.js';

/** Commits per page: the Hub's ceiling. */
export const COMMITS_PAGE_SIZE = 100;

export async function* listCommits(
  transport: HubTransport,
  repoId: string,
  revision: string,
): AsyncGenerator<RepoCommitInfo> {
  let url: string | null =
    `${repoApiUrl(transport.endpoint, repoId)}/commits/${encodeURIComponent(revision)}` +
    `?limit=${COMMITS_PAGE_SIZE}`;
  while (url !== null) {
    const { finalUrl, headers, json } = await getJson(transport, url, { context: { repoId } });
    const reader: WireReader = new WireReader(transport.redact(url));
    if (!Array.isArray(json)) reader.fail('the commits page', 'a JSON array of commits', json);
    for (let i = 0; i < json.length; i++) yield mapCommit(json[i], reader, `commit ${i}`);
    const next = nextPageUrl(headerValue(headers, 'link'), finalUrl.toString());
    if (next === url) {
      throw new BadResponseError('the next-page link points at the page itself', {
        url: transport.redact(url),
      });
    }
    url = next;
  }
}

export async function listRefs(transport: HubTransport, repoId: string): Promise<RepoRef[]> {
  const url = `${repoApiUrl(transport.endpoint, repoId)}/refs`;
  const { json } = await getJson(transport, url, { context: { repoId } });
  return mapRefs(json, new WireReader(transport.redact(url)));
}
