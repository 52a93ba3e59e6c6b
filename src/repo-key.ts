/**
 * A repo of any type as one string, the way the Hub's URLs name it: a model is `ORG/NAME` (or a legacy
 * `NAME`), a dataset `datasets/ORG/NAME`, a space `spaces/ORG/NAME`. The ledger, the manifests and the hub
 * client key repos by it, so that a dataset and a model of the same name never share a row. `datasets` and
 * `spaces` are reserved on the Hub: no user or organisation has these names, so the prefix is unambiguous.
 */
export type RepoType = 'model' | 'dataset' | 'space';

export const REPO_TYPES: readonly RepoType[] = ['model', 'dataset', 'space'];

const PREFIX: Record<RepoType, string> = { model: '', dataset: 'datasets/', space: 'spaces/' };

/** The key of the repo `id` (`ORG/NAME`) of `type`. */
export function repoKey(type: RepoType, id: string): string {
  return `${PREFIX[type]}${id}`;
}

/** The type and the id (`ORG/NAME`) a key names. */
export function splitRepoKey(key: string): { type: RepoType; id: string } {
  if (key.startsWith('datasets/')) return { type: 'dataset', id: key.slice('datasets/'.length) };
  if (key.startsWith('spaces/')) return { type: 'space', id: key.slice('spaces/'.length) };
  return { type: 'model', id: key };
}

/** The Hub's plural for a type, as in `/api/datasets` and the cache's `datasets--` folders. */
export function repoTypePlural(type: RepoType): string {
  return `${type}s`;
}
