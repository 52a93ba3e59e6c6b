/**
 * git met a 401 it could not answer. Anonymous, the Hub answers a missing, a private and a gated repo alike
 * there, and git shows none of the Hub's message; the API tells them apart (model info is public for gated
 * repos, a 401/404 for missing or private ones), so one model info call decides the reason to record.
 */
import type { HfTorrentError } from '../../errors.js';
import { AbortedError, DisabledRepoError, GatedRepoError, RepoNotFoundError } from '../../errors.js';
import type { HubClient } from '../../hub/hub-client.js';

export async function explainAuthFailure(
  client: HubClient,
  repoId: string,
  failure: HfTorrentError,
): Promise<HfTorrentError> {
  const context = { repoId, url: failure.url, status: failure.status, cause: failure };
  const why = failure.message.startsWith(`${repoId}: `)
    ? failure.message.slice(repoId.length + 2)
    : failure.message;
  try {
    const info = await client.modelInfo(repoId);
    if (info.model.disabled) return new DisabledRepoError(`disabled repo; git was refused (${why})`, context);
    if (info.model.gated !== false) {
      return new GatedRepoError(`gated repo; git was refused (${why})`, context);
    }
    // the API shows a public, ungated repo that git refused: not a reason the Hub gave
    return failure;
  } catch (probe) {
    if (probe instanceof RepoNotFoundError || probe instanceof GatedRepoError) return probe;
    if (probe instanceof DisabledRepoError || probe instanceof AbortedError) return probe;
    return failure;
  }
}
