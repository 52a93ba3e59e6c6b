/**
 * `GET /api/models/{id}/tree/{rev}?recursive=true`, following the tree's own `Link rel="next"` pagination.
 * Yields files only (recursive listings include directory entries).
 */
import { BadResponseError } from '../errors.js';
import type { RepoFile } from '../types.js';
import { getJson } from './get-json.js';
import type { HubTransport } from './hub-transport.js';
import { treeUrl } from './hub-urls.js';
import { nextPageUrl } from './link-header.js';
import { mapTreeEntry } from './mappers/map-repo-file.js';
import { WireReader } from './mappers/wire-reader.js';
import { headerValue } from './read-body.js';

export async function* listFiles(
  transport: HubTransport,
  repoId: string,
  revision: string,
): AsyncGenerator<RepoFile> {
  let url: string | null = treeUrl(transport.endpoint, repoId, revision);
  while (url !== null) {
    const { finalUrl, headers, json } = await getJson(transport, url, { context: { repoId } });
    const reader: WireReader = new WireReader(transport.redact(url));
    if (!Array.isArray(json)) reader.fail('the tree page', 'a JSON array of entries', json);
    for (let i = 0; i < json.length; i++) {
      const file = mapTreeEntry(json[i], reader, `entry ${i}`);
      if (file !== null) yield file;
    }
    const next = nextPageUrl(headerValue(headers, 'link'), finalUrl.toString());
    if (next === url) {
      throw new BadResponseError('the next-page link points at the page itself', {
        url: transport.redact(url),
      });
    }
    url = next;
  }
}
