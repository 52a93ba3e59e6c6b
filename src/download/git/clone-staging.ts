/**
 * The staging folder of one repo in git mode (`repos/.incomplete/AUTHOR/MODEL/git/`): the clone being made
 * (`clone/`), the marker written once `git clone` and the checkout finished (`cloned.json`, naming the commit,
 * the depth and the selected files), and the moves between it and the repo's final folder. Staging sits on the same filesystem as
 * `repos/`, so every move is a rename.
 */
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureRealDirs } from '../real-dirs.js';
import { selectionStamp, type SparseSelection } from './sparse-selection.js';

export interface CloneStaging {
  stageDir: string;
  cloneDir: string;
  /** What the marker says for this commit, depth and selection of files. */
  stamp: string;
}

export function cloneStaging(
  stageDir: string,
  commit: string,
  depth: number | undefined,
  selection: SparseSelection = null,
): CloneStaging {
  const stamp: Record<string, unknown> = { commit, depth: depth ?? null };
  // a clone made for other files is not resumed (and a full clone keeps the marker it always had)
  if (selection !== null) stamp.files = selectionStamp(selection);
  return { stageDir, cloneDir: join(stageDir, 'clone'), stamp: JSON.stringify(stamp) };
}

function markerPath(staging: CloneStaging): string {
  return join(staging.stageDir, 'cloned.json');
}

/** True when an earlier run finished `git clone` and the checkout of this commit (at this depth) here. */
export async function isCloned(staging: CloneStaging): Promise<boolean> {
  return (
    (await readOptional(markerPath(staging))) === staging.stamp &&
    (await isDirectory(join(staging.cloneDir, '.git')))
  );
}

/** Empties the staging folder for a new clone. */
export async function resetStaging(staging: CloneStaging): Promise<void> {
  await rm(staging.stageDir, { recursive: true, force: true });
  await mkdir(staging.stageDir, { recursive: true });
}

export async function markCloned(staging: CloneStaging): Promise<void> {
  await writeFile(markerPath(staging), staging.stamp);
}

/**
 * Moves a clone at its final folder back into staging (to be checked again, byte by byte), marked as cloned.
 * False when there is no folder to take.
 */
export async function adoptFinal(staging: CloneStaging, finalDir: string): Promise<boolean> {
  if (!(await isDirectory(join(finalDir, '.git')))) return false;
  await resetStaging(staging);
  await rename(finalDir, staging.cloneDir);
  await markCloned(staging);
  return true;
}

/**
 * Renames the verified clone to `repos/AUTHOR/MODEL` (whatever was there goes: it was not this clone) and
 * removes the staging folder. Returns the final folder.
 */
export async function moveIntoPlace(
  staging: CloneStaging,
  reposRoot: string,
  folderSegments: readonly [string, string],
): Promise<string> {
  const [author, name] = folderSegments;
  await mkdir(reposRoot, { recursive: true });
  const parent = await ensureRealDirs(reposRoot, [author]);
  const finalDir = join(parent, name);
  const replaced = join(staging.stageDir, 'replaced');
  if ((await lstat(finalDir).catch(() => null)) !== null) {
    await rm(replaced, { recursive: true, force: true });
    await rename(finalDir, replaced);
  }
  await rename(staging.cloneDir, finalDir);
  await rm(staging.stageDir, { recursive: true, force: true });
  return finalDir;
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => null))?.isDirectory() ?? false;
}
