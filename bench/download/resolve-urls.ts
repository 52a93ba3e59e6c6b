/**
 * Resolves every file of a set to the URL its bytes come from (the signed CDN URL for LFS files, resolve-cache
 * for the others) before anything is timed, for a side that takes plain URLs (aria2c): what a user would
 * script with `curl -I` first. The resolve requests go before the emulator's counters are reset.
 */
import type { ExpectedFile, RepoSet } from './expected-files.js';
import { resolveUrl } from './sides.js';

export interface ResolvedFile {
  file: ExpectedFile;
  /** Absolute URL of the bytes. */
  url: string;
}

export async function resolveFiles(endpoint: string, set: RepoSet): Promise<ResolvedFile[]> {
  const resolved: ResolvedFile[] = [];
  for (const file of set.files) {
    const start = resolveUrl(endpoint, file);
    const response = await fetch(start, { method: 'HEAD', redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null)
      throw new Error(`resolve ${start}: HTTP ${response.status} without a redirect`);
    resolved.push({ file, url: new URL(location, start).href });
  }
  return resolved;
}
