/**
 * Where a repository lives on disk: `repos/AUTHOR/MODEL`, or `repos/huggingface.co/NAME` for a legacy
 * single-segment id (the seed's layout). Ids are checked against the Hub's own rules first, so that an id
 * can never turn into a path that escapes `repos/`.
 */
import { join } from 'node:path';
import { InvalidRepoIdError } from '../errors.js';
import { repoTypePlural, splitRepoKey } from '../repo-key.js';

/** The folder legacy single-segment ids (`gpt2`) live under, as in the original dataset. */
export const LEGACY_NAMESPACE = 'huggingface.co';

const PART = /^[A-Za-z0-9_.-]{1,96}$/;

/**
 * Why `part` (a namespace or a name) breaks the Hub's repo id rules, or null when it is fine:
 * `[A-Za-z0-9_.-]`, 1–96 characters, not starting or ending with `-` or `.`, no `--` or `..`,
 * not ending with `.git`.
 */
function partProblem(part: string): string | null {
  if (!PART.test(part)) return 'only letters, digits, "_", "." and "-", 1 to 96 characters';
  if (/^[-.]|[-.]$/.test(part)) return 'must not start or end with "-" or "."';
  if (part.includes('--') || part.includes('..')) return 'must not contain "--" or ".."';
  if (part.endsWith('.git')) return 'must not end with ".git"';
  return null;
}

/** Splits a repo id into its path segments under `repos/`, or throws InvalidRepoIdError naming the rule. */
export function repoFolderSegments(repoId: string): [string, string] {
  const parts = repoId.split('/');
  if (parts.length > 2 || parts.length === 0) {
    throw new InvalidRepoIdError(`invalid repo id ${JSON.stringify(repoId)}: at most one "/"`, { repoId });
  }
  for (const part of parts) {
    const problem = partProblem(part);
    if (problem !== null) {
      throw new InvalidRepoIdError(`invalid repo id ${JSON.stringify(repoId)}: ${problem}`, { repoId });
    }
  }
  const [first, second] = parts as [string, string | undefined];
  return second === undefined ? [LEGACY_NAMESPACE, first] : [first, second];
}

/**
 * The folder of a repo of any type (src/repo-key.ts) under `repos/`: a model's as above, a dataset's or a
 * space's under `datasets/` or `spaces/` (`repos/datasets/ORG/NAME`; no namespace is called that on the Hub).
 */
export function repoKeySegments(repoKey: string): string[] {
  const { type, id } = splitRepoKey(repoKey);
  const segments = repoFolderSegments(id);
  return type === 'model' ? segments : [repoTypePlural(type), ...segments];
}

/** True when `repoId` follows the Hub's id rules (so it can become a folder). */
export function isValidRepoId(repoId: string): boolean {
  try {
    repoFolderSegments(repoId);
    return true;
  } catch {
    return false;
  }
}

/** Absolute folder of `repoId` under `reposRoot`. */
export function repoFolder(reposRoot: string, repoId: string): string {
  return join(reposRoot, ...repoFolderSegments(repoId));
}
