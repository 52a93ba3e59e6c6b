/**
 * Single repos named on the command line (`hftorrent download ORG/NAME [FILE...] --revision REV`), like
 * `hf download`: no crawl, no selection. The revision (a branch, a tag or a commit) is resolved to a commit
 * once, here; the run then pins every file to that commit exactly as it pins a selected repo to its listed one.
 */
import { BadResponseError, EntryNotFoundError } from '../errors.js';
import type { HubClient } from '../hub/hub-client.js';
import type { DownloadItem } from './engine/run-engine.js';
import { repoFolderSegments } from './repo-folder.js';
import { splitRepoKey } from '../repo-key.js';

export interface RepoRequest {
  /** The repo (`ORG/NAME`, `datasets/ORG/NAME`, `spaces/ORG/NAME`: repo-key.ts). */
  repoKey: string;
  /** A branch, tag or commit. Default `main`. */
  revision?: string;
}

const COMMIT = /^[0-9a-f]{40}$/;

/** The run's items, each pinned to the commit its revision names now (one model info call per repo). */
export async function resolveRequestedRepos(
  client: HubClient,
  requests: readonly RepoRequest[],
  files: readonly string[] = [],
): Promise<DownloadItem[]> {
  const items: DownloadItem[] = [];
  for (const [position, request] of requests.entries()) {
    repoFolderSegments(splitRepoKey(request.repoKey).id); // a bad id is refused before any request
    const revision = request.revision ?? 'main';
    if (COMMIT.test(revision) && files.length === 0) {
      items.push({ repoId: request.repoKey, position, listedCommit: revision });
      continue;
    }
    const info = await client.modelInfo(request.repoKey, { revision, blobs: files.length > 0 });
    const commit = COMMIT.test(revision) ? revision : info.model.sha;
    if (commit === null || !COMMIT.test(commit)) {
      throw new BadResponseError(`${request.repoKey}: the Hub names no commit for ${revision}`, {
        repoId: request.repoKey,
      });
    }
    if (info.files !== null) {
      const known = new Set(info.files.map((f) => f.path));
      const missing = files.filter((f) => !known.has(f));
      if (missing.length > 0) {
        throw new EntryNotFoundError(
          `${request.repoKey}@${revision}: no file ${missing.map((m) => JSON.stringify(m)).join(', ')}`,
          { repoId: request.repoKey },
        );
      }
    }
    items.push({
      repoId: request.repoKey,
      position,
      listedCommit: commit,
      ...(commit === revision ? {} : { revision }),
    });
  }
  return items;
}
