/**
 * Reads the model card (README.md) of every verified repo whose card the catalog does not hold yet, from the
 * downloaded files (no request), and stores it parsed. A repo downloaded without its README (filters) has
 * no card row.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hubDir, LAYOUT } from '../../catalog/index.js';
import type { Catalog } from '../../catalog/index.js';
import { repoKeySegments } from '../../download/repo-folder.js';
import { cacheFolderName } from '../../download/layouts/hf-cache-layout.js';
import { parseModelCard } from './parse-model-card.js';

/** The text of the first of `paths` that exists, or null when none does. */
function firstReadable(paths: readonly string[]): string | null {
  for (const path of paths) {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return null;
}

/**
 * Returns how many cards were stored now. `hfCacheDir`: also look in this Hugging Face cache, at the
 * downloaded commit's snapshot (repos downloaded with the hf-cache layout).
 */
export function collectModelCards(
  catalog: Catalog,
  dataDir: string,
  now: () => number,
  hfCacheDir?: string,
): number {
  const store = catalog.modelCards;
  const repos = join(hubDir(dataDir), LAYOUT.reposDir);
  let stored = 0;
  for (const { repoId, commit } of store.missing()) {
    // datasets and spaces downloaded one by one are in the ledger too (repos/datasets/ORG/NAME)
    const places = [join(repos, ...repoKeySegments(repoId), 'README.md')];
    if (hfCacheDir !== undefined) {
      places.push(join(hfCacheDir, cacheFolderName(repoId), 'snapshots', commit, 'README.md'));
    }
    const readme = firstReadable(places);
    if (readme === null) continue;
    const card = parseModelCard(readme);
    store.put({
      repoId,
      commit,
      ...card,
      bytes: Buffer.byteLength(readme),
      readAt: new Date(now()).toISOString(),
    });
    stored += 1;
  }
  return stored;
}
