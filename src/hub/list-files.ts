/**
 * `GET /api/models/{id}/tree/{rev}?recursive=true`, following the tree's own `Link rel="next"` pagination
 * (bounded, cycles refused: paginate.ts). Yields files only (recursive listings include directory entries).
 */
import type { RepoFile } from '../types.js';
import type { HubTransport } from './hub-transport.js';
import { treeUrl } from './hub-urls.js';
import { mapTreeEntry } from './mappers/map-repo-file.js';
import { paginate } from './paginate.js';

export async function* listFiles(
  transport: HubTransport,
  repoId: string,
  revision: string,
): AsyncGenerator<RepoFile> {
  const first = treeUrl(transport.endpoint, repoId, revision);
  for await (const { items, reader } of paginate(transport, first, 'the tree page', { repoId })) {
    for (let i = 0; i < items.length; i++) {
      const file = mapTreeEntry(items[i], reader, `entry ${i}`);
      if (file !== null) yield file;
    }
  }
}
