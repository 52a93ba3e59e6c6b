/**
 * Feeds export's `LatestGitCommitSHA` from the download ledger: the commit actually downloaded, when one was.
 * Read once into memory: the ledger holds at most the selection (thousands to a few hundred thousand repos).
 */
import { downloadedCommits } from '../catalog/ledger.js';
import { openCatalog, requireCatalog } from '../catalog/index.js';

export function downloadedCommitLookup(dataDir: string): (repoId: string) => string | null {
  requireCatalog(dataDir); // export makes no catalog where there is none
  const catalog = openCatalog(dataDir);
  try {
    const commits = catalog.hasLedger() ? downloadedCommits(catalog) : new Map<string, string>();
    return (repoId) => commits.get(repoId) ?? null;
  } finally {
    catalog.close();
  }
}
