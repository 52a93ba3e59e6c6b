/**
 * `demo.json` in a data dir `hftorrent demo` made: the endpoint of the emulated Hub its catalog was crawled
 * from. That Hub lives only while the demo runs, on a port of the moment; the marker lets later commands on
 * the data dir say so instead of retrying a port nobody listens on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.js';
import { hubDir } from './data-dir.js';

export const DEMO_MARKER_FILE = 'demo.json';

export interface DemoMarker {
  /** The emulated Hub's endpoint during the demo that wrote the catalog's latest crawl. */
  endpoint: string;
  /** The emulated Hub's seed and size: the same ones make the same Hub again. */
  seed: string;
  models: number;
}

export async function writeDemoMarker(dataDir: string, marker: DemoMarker): Promise<void> {
  await writeFileAtomic(join(hubDir(dataDir), DEMO_MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
}

/** The marker, or null when the data dir was not made by the demo (or the file is unreadable). */
export function readDemoMarker(dataDir: string): DemoMarker | null {
  try {
    const value = JSON.parse(readFileSync(join(hubDir(dataDir), DEMO_MARKER_FILE), 'utf8')) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const { endpoint, seed, models } = value as Record<string, unknown>;
    if (typeof endpoint !== 'string' || typeof seed !== 'string' || typeof models !== 'number') return null;
    return { endpoint, seed, models };
  } catch {
    return null;
  }
}
