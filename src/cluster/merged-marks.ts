/**
 * `plan/merged.json`: for each worker, the length of its journal `merge` last folded into the catalog. It only
 * tells `plan` whether a worker's ledger still holds news (merging is idempotent, so nothing else relies on it).
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../catalog/atomic-file.js';
import { mergedFile } from './layout.js';

/** Journal bytes merged, by worker index (as a string key). */
export function readMerged(dataDir: string): Record<string, number> {
  try {
    return JSON.parse(readFileSync(mergedFile(dataDir), 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

export async function writeMerged(dataDir: string, marks: Record<string, number>): Promise<void> {
  await writeFileAtomic(mergedFile(dataDir), `${JSON.stringify(marks)}\n`);
}
