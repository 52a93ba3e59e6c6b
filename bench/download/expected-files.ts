/**
 * What a correct download of a repo set contains, computed in the bench's own process from the same
 * deterministic synthetic Hub the emulator serves (same seed, models and sizes), so no side's output is
 * checked against anything it produced itself.
 */
import { SyntheticHub } from '../../src/emulator/index.js';
import type { RepoSetPlan } from '../plan.js';

export interface ExpectedFile {
  repoId: string;
  commit: string;
  path: string;
  size: number;
  /** sha256 of the content for LFS files, git blob sha1 for the others. */
  algorithm: 'sha256' | 'git-sha1';
  digest: string;
  /** The emulator's per-file content counter key: `<repo id>/<commit>/<path>`. */
  contentKey: string;
}

export interface RepoSet {
  plan: RepoSetPlan;
  repos: { id: string; sha: string }[];
  files: ExpectedFile[];
  bytes: number;
}

export function repoSetHubOptions(plan: RepoSetPlan, seed: string) {
  return { models: plan.repos, seed: `${seed}-${plan.name}`, sizes: plan.profile, specials: false } as const;
}

export function expectedRepoSet(plan: RepoSetPlan, seed: string): RepoSet {
  const hub = new SyntheticHub(repoSetHubOptions(plan, seed));
  const repos: RepoSet['repos'] = [];
  const files: ExpectedFile[] = [];
  for (const model of hub.models()) {
    const sha = hub.listedSha(model);
    repos.push({ id: model.id, sha });
    for (const file of hub.files(model, sha)) {
      files.push({
        repoId: model.id,
        commit: sha,
        path: file.path,
        size: file.size,
        algorithm: file.lfs === null ? 'git-sha1' : 'sha256',
        digest: file.lfs === null ? file.blobId : file.lfs.sha256,
        contentKey: `${model.id}/${sha}/${file.path}`,
      });
    }
  }
  return { plan, repos, files, bytes: files.reduce((sum, f) => sum + f.size, 0) };
}
