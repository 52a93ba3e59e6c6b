/**
 * `--include` / `--exclude` in git mode: the clone is whole (every commit and non-LFS blob comes in the pack)
 * but its working tree holds only the selected files, through git's sparse checkout (non-cone mode), and only
 * the selected files' LFS objects are fetched. `git status` stays clean: the files left out carry git's
 * skip-worktree bit, as in any sparse checkout.
 *
 * The selection is written as one anchored, escaped gitignore pattern per file, so that a pattern can only
 * ever match the file it was made from: no glob of ours reaches git, whatever characters a path holds.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The selected paths, or null when every file is wanted (a plain, full checkout). */
export type SparseSelection = readonly string[] | null;

/** One path as a gitignore pattern that matches that path only (and what is under it, were it a folder). */
function literalPattern(path: string): string {
  // `\`, `*`, `?`, `[` are pattern syntax; a leading `!` or `#` cannot occur after the leading `/`.
  let escaped = path.replace(/[\\*?[]/g, (c) => `\\${c}`);
  // git drops trailing spaces of a pattern unless they are escaped
  escaped = escaped.replace(/ +$/, (spaces) => spaces.replace(/ /g, '\\ '));
  return `/${escaped}`;
}

/** The content of `.git/info/sparse-checkout` for a selection: sorted, so the same files give the same text. */
export function sparseCheckoutText(paths: readonly string[]): string {
  return [...paths]
    .sort()
    .map((p) => `${literalPattern(p)}\n`)
    .join('');
}

/** What a staging marker records of the selection: `all`, or a digest of its patterns. */
export function selectionStamp(selection: SparseSelection): string {
  if (selection === null) return 'all';
  return createHash('sha256').update(sparseCheckoutText(selection)).digest('hex');
}

export function sparseCheckoutFile(gitDir: string): string {
  return join(gitDir, 'info', 'sparse-checkout');
}

/**
 * The git config a sparse clone runs with (`core.sparseCheckout`), written into the clone so that git, git-lfs
 * and the user's own commands all see the same working tree.
 */
export const SPARSE_CONFIG: ReadonlyArray<readonly [string, string]> = [
  ['core.sparseCheckout', 'true'],
  ['core.sparseCheckoutCone', 'false'],
];

/**
 * True when the clone at `folder` has exactly this selection: no sparse-checkout file for a full one, the
 * same patterns for a sparse one. (`core.sparseCheckout` is checked by the caller with git itself.)
 */
export async function hasSelection(gitDir: string, selection: SparseSelection): Promise<boolean> {
  let text: string | null;
  try {
    text = await readFile(sparseCheckoutFile(gitDir), 'utf8');
  } catch {
    text = null;
  }
  return selection === null ? text === null : text === sparseCheckoutText(selection);
}

/**
 * `git lfs fetch --include` value naming exactly these files, or null when one of them cannot be named there:
 * git-lfs splits the list on commas and reads each item as a pattern, with no escape. Then every LFS object of
 * the commit is fetched (more bytes, the same result: only the selected files are checked and placed); so it
 * is when the list would make too long an argument.
 */
export function lfsIncludeList(paths: readonly string[]): string | null {
  if (paths.some((p) => /[,*?[\]\\]/.test(p) || p.startsWith('!') || p.startsWith('#'))) return null;
  const list = paths.join(',');
  // one argument may not exceed 128 KiB on Linux
  return list.length <= MAX_INCLUDE_CHARS ? list : null;
}

const MAX_INCLUDE_CHARS = 64 * 1024;
