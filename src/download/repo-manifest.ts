/**
 * The files of a repo at its pinned commit. A stored manifest is reused (a commit never changes). Otherwise
 * one model info call at `main` with `blobs=true` gives both `main`'s commit (drift) and, when `main` is still
 * the pinned commit (the common case), the manifest itself; only when `main` moved does a second call ask for
 * the pinned commit. The paginated tree replaces the siblings when they carry no sizes or are too many to be
 * complete.
 */
import { BadResponseError } from '../errors.js';
import type { HubClient, ModelInfo } from '../hub/hub-client.js';
import type { ManifestSource, ManifestStore } from '../catalog/manifest-store.js';
import type { RepoFile } from '../types.js';
import { repoKeySegments } from './repo-folder.js';

/** Above this many siblings, model info may be incomplete (huggingface_hub's VERY_LARGE_REPO_THRESHOLD). */
export const SIBLINGS_LIMIT = 50_000;

export interface RepoManifest {
  commit: string;
  files: RepoFile[];
  source: ManifestSource;
  /** `main`'s commit when this call asked the Hub; null when the stored manifest answered. */
  mainSha: string | null;
  /** True when the manifest came from the catalog without any request. */
  stored: boolean;
}

export interface ManifestRequest {
  repoId: string;
  /** The commit to pin; null pins whatever `main` is now. */
  pinned: string | null;
  client: HubClient;
  store: ManifestStore;
  /** Write a fetched manifest to the catalog. Default true. */
  save?: boolean;
  /** Ask the Hub even when the catalog holds the manifest (the Hub's answer is wanted, not the files). Default false. */
  ask?: boolean;
}

/** Returns the manifest, or `{ disabled: true }` when model info says the repo is disabled. */
async function repoManifest(
  req: ManifestRequest,
): Promise<RepoManifest | { disabled: true; mainSha: string | null }> {
  const { repoId, pinned, client, store } = req;
  if (pinned !== null && req.ask !== true) {
    const stored = store.get(repoId, pinned);
    if (stored !== null) {
      return { commit: pinned, files: stored.files, source: stored.source, mainSha: null, stored: true };
    }
  }
  const main = await client.modelInfo(repoId, { blobs: true });
  const mainSha = main.model.sha;
  if (req.save ?? true) store.recordModelInfoFacts(repoId, { usedStorage: main.model.usedStorage });
  if (main.model.disabled) return { disabled: true, mainSha };
  const commit = pinned ?? mainSha;
  if (commit === null || !/^[0-9a-f]{40}$/.test(commit)) {
    throw new BadResponseError(`${repoId}: model info names no commit for main`, { repoId });
  }
  let info: ModelInfo = main;
  if (commit !== mainSha) {
    info = await client.modelInfo(repoId, { blobs: true, revision: commit });
    if (info.model.sha !== null && info.model.sha !== commit) {
      throw new BadResponseError(
        `${repoId}: asked for commit ${commit}, model info answered ${info.model.sha}`,
        {
          repoId,
        },
      );
    }
  }
  let files: RepoFile[];
  let source: ManifestSource;
  if (info.files !== null && info.files.length < SIBLINGS_LIMIT) {
    files = info.files;
    source = 'siblings';
  } else {
    files = [];
    for await (const file of client.listFiles(repoId, commit)) files.push(file);
    source = 'tree';
  }
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path))
      throw new BadResponseError(`${repoId}: the manifest lists ${JSON.stringify(f.path)} twice`, { repoId });
    seen.add(f.path);
  }
  if (req.save ?? true) store.put(repoId, commit, source, files);
  return { commit, files, source, mainSha, stored: false };
}

/** A repo's manifest, or why there is none (an error is returned, not thrown: manifests resolve ahead). */
export type Resolution =
  | { kind: 'manifest'; manifest: RepoManifest }
  | { kind: 'disabled'; mainSha: string | null }
  | { kind: 'error'; error: unknown }
  /** Past the byte budget nothing more is asked, not even a manifest. */
  | { kind: 'over-budget' };

/**
 * `repoManifest` for the run's prefetch window: pinned to `pinned` (the listed commit, else the one an earlier
 * run pinned, else main now), never rejecting.
 */
export async function resolveRepo(
  repoId: string,
  pinned: string | null,
  client: HubClient,
  store: ManifestStore,
  ask = false,
): Promise<Resolution> {
  try {
    // an id that cannot be a folder is refused before any request is made with it
    repoKeySegments(repoId);
    const result = await repoManifest({ repoId, pinned, client, store, ask });
    if ('disabled' in result) return { kind: 'disabled', mainSha: result.mainSha };
    return { kind: 'manifest', manifest: result };
  } catch (error) {
    return { kind: 'error', error };
  }
}
