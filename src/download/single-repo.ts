/**
 * Single repos named on the command line (`hftorrent download ORG/NAME [FILE...] --revision REV`), like
 * `hf download`: no crawl, no selection. The revision (a branch, a tag or a commit) is resolved to a commit
 * once, here; the run then pins every file to that commit exactly as it pins a selected repo to its listed one.
 */
import { BadResponseError, UsageError } from '../errors.js';
import type { HubClient } from '../hub/hub-client.js';
import type { DownloadItem } from './engine/run-engine.js';
import { repoKeySegments } from './repo-folder.js';
import type { UrlsEntry } from './urls-file.js';

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
    repoKeySegments(request.repoKey); // a bad id is refused before any request
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
        // a file named on the command line that the commit has not is a bad argument, refused before the run
        throw new UsageError(
          `${request.repoKey}@${revision}: no file ${missing.map((m) => JSON.stringify(m)).join(', ')}`,
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

/** A urls file's entries as run items: a branch or tag a bare line named is resolved to its commit now. */
export async function pinUrlsEntries(
  client: HubClient,
  entries: readonly UrlsEntry[],
): Promise<DownloadItem[]> {
  const items: DownloadItem[] = [];
  for (const [position, u] of entries.entries()) {
    if (u.revision === null) {
      items.push({ repoId: u.repoId, position, listedCommit: u.commit });
      continue;
    }
    const [resolved] = await resolveRequestedRepos(client, [{ repoKey: u.repoId, revision: u.revision }]);
    items.push({ ...(resolved as DownloadItem), position });
  }
  return items;
}
