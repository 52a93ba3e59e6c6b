/**
 * Where downloads go under `<data-dir>/huggingface/`:
 *
 *   repos/AUTHOR/MODEL/<path>                       verified files only
 *   repos/.incomplete/AUTHOR/MODEL/<key>.incomplete partial data while a file is in flight
 *
 * Partial files live outside the repo folder so that the repo folder only ever holds verified content and no
 * repo file name can collide with a partial file (a repo may well contain `x` and `x.incomplete`). They live
 * under `repos/` so that a `repos` folder mounted on another disk keeps the final rename on one filesystem.
 * `.incomplete` cannot be an author folder: Hub namespaces never start with a dot.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ExpectedContent } from './content-hash.js';
import { repoKeySegments } from './repo-folder.js';

export const REPOS_DIR = 'repos';
export const STAGING_DIR = '.incomplete';

/** `<data-dir>/huggingface`. */
function hubRoot(dataDir: string): string {
  return join(dataDir, 'huggingface');
}

export function reposRoot(dataDir: string): string {
  return join(hubRoot(dataDir), REPOS_DIR);
}

/** The staging folder of one repo (removed once the repo is verified). */
export function stagingFolder(dataDir: string, repoId: string): string {
  return join(reposRoot(dataDir), ...stagingSegments(repoId));
}

/** The staging folder's segments under `repos/` (`.incomplete`, AUTHOR, MODEL). */
export function stagingSegments(repoId: string): string[] {
  return [STAGING_DIR, ...repoKeySegments(repoId)];
}

/**
 * The partial file for one file of a repo. The name is a digest of the path and the expected content, so that
 * partial bytes of one version of a file are never resumed into another version, and server-chosen names
 * (spaces, non-ASCII, 255-byte segments) never reach the staging folder.
 */
export function stagingFile(
  dataDir: string,
  repoId: string,
  path: string,
  expected: ExpectedContent,
): string {
  const key = createHash('sha256').update(`${path}\0${expected.algorithm}\0${expected.digest}`).digest('hex');
  return join(stagingFolder(dataDir, repoId), `${key.slice(0, 40)}.incomplete`);
}
