/**
 * Checks a clone against the manifest the Hub's API gave for the pinned commit: `HEAD` is that commit, and
 * its tree holds exactly the manifest's paths with the manifest's blob ids (for LFS files, the pointer's).
 * Because a blob id is a hash of the bytes git stores, this also proves that every LFS pointer names the
 * oid and size the manifest expects.
 */
import { BadResponseError } from '../../errors.js';
import type { RepoFile } from '../../types.js';

export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  path: string;
}

/** Parses `git ls-tree -r -z --full-tree` output. */
export function parseLsTree(output: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of output.split('\0')) {
    if (record === '') continue;
    const tab = record.indexOf('\t');
    const [mode, type, oid] = record.slice(0, tab).split(' ');
    if (tab < 0 || mode === undefined || type === undefined || oid === undefined) {
      throw new BadResponseError(`unreadable git ls-tree record ${JSON.stringify(record)}`, {});
    }
    entries.push({ mode, type, oid, path: record.slice(tab + 1) });
  }
  return entries;
}

/** Why the tree and the manifest differ (the first few differences), or null when they agree. */
export function treeMismatch(tree: readonly TreeEntry[], manifest: readonly RepoFile[]): string | null {
  const expected = new Map(manifest.map((f) => [f.path, f]));
  const problems: string[] = [];
  for (const entry of tree) {
    const file = expected.get(entry.path);
    if (file === undefined) problems.push(`${JSON.stringify(entry.path)} is in git, not in the manifest`);
    else if (entry.type !== 'blob') problems.push(`${JSON.stringify(entry.path)} is a ${entry.type} in git`);
    else if (entry.oid !== file.blobId)
      problems.push(
        `${JSON.stringify(entry.path)} is blob ${entry.oid} in git, ${file.blobId} in the manifest`,
      );
    expected.delete(entry.path);
  }
  for (const path of expected.keys()) problems.push(`${JSON.stringify(path)} is in the manifest, not in git`);
  if (problems.length === 0) return null;
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return `${problems.slice(0, 3).join('; ')}${more}`;
}
