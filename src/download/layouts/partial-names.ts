/**
 * Names of our partial files in folders other tools also write to (the Hugging Face cache's `blobs/`, a local
 * dir's `.cache/huggingface/download/`): `<key>.hftorrent.incomplete`, a digest of the path and the expected
 * content, so that partial bytes of one version are never resumed into another, and never a name
 * huggingface_hub uses (it writes `<etag>.<random>.incomplete`), so that neither tool continues the other's
 * partial files (ours are written in parts, with holes).
 */
import { createHash } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExpectedContent } from '../content-hash.js';

const OURS = /^[0-9a-f]{40}\.hftorrent\.incomplete(\.parts)?$/;

export function partialName(path: string, expected: ExpectedContent): string {
  const key = createHash('sha256').update(`${path}\0${expected.algorithm}\0${expected.digest}`).digest('hex');
  return `${key.slice(0, 40)}.hftorrent.incomplete`;
}

/** Removes our partial files (and their part journals) from `dir`, nothing else; no folder, nothing to do. */
export async function removeOurPartials(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await Promise.all(names.filter((n) => OURS.test(n)).map((n) => rm(join(dir, n), { force: true })));
}
