/**
 * Reads the model card (README.md) of every verified repo whose card the catalog does not hold yet, from the
 * downloaded files (no request), and stores it parsed. A repo downloaded without its README (filters) has
 * no card row.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hubDir, LAYOUT } from '../../catalog/index.js';
import type { Catalog } from '../../catalog/index.js';
import { repoFolderSegments } from '../../download/repo-folder.js';
import { parseModelCard } from './parse-model-card.js';

/** Returns how many cards were stored now. */
export function collectModelCards(catalog: Catalog, dataDir: string, now: () => number): number {
  const store = catalog.modelCards;
  const repos = join(hubDir(dataDir), LAYOUT.reposDir);
  let stored = 0;
  for (const { repoId, commit } of store.missing()) {
    let readme: string;
    try {
      readme = readFileSync(join(repos, ...repoFolderSegments(repoId), 'README.md'), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
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
