/**
 * `json/manifest.json`: what a published dataset needs to be cited and reproduced: the tool and its version,
 * the endpoint, the crawl's window and exact listing query, the selection's parameters, rows per table, and
 * the size and sha256 of every output file (hashed from disk after writing, so the hashes are of the files
 * as they are).
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { relative } from 'node:path';
import type { CrawlSnapshot, Selection } from '../../catalog/index.js';
import type { DatasetFacts } from '../../catalog/dataset-facts.js';

export interface ManifestFile {
  /** Relative to `<data-dir>/huggingface/`, `/`-separated. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface RunManifest {
  tool: { name: 'hf-torrent'; version: string };
  createdAt: string;
  endpoint: string;
  crawl: {
    snapshotId: number;
    startedAt: string;
    finishedAt: string | null;
    queryMode: string;
    query: unknown;
    pages: number;
    listed: number;
    models: number;
  };
  selection: {
    id: number;
    method: string;
    shrinkage: number | null;
    top: number | null;
    total: number;
    count: number;
    shards: number;
    createdAt: string;
  };
  download: {
    states: Record<string, number>;
    reasons: Array<{ state: string; reason: string; repos: number }>;
    startedAt: string | null;
    finishedAt: string | null;
  };
  /** Rows per research table (the Parquet files, when written, hold exactly these). */
  tables: Record<string, number>;
  files: ManifestFile[];
}

export interface ManifestInput {
  version: string;
  now: string;
  endpoint: string;
  snapshot: CrawlSnapshot;
  selection: Selection;
  facts: DatasetFacts;
  tables: Record<string, number>;
  /** Absolute paths of the output files, and the root they are reported relative to. */
  files: string[];
  root: string;
}

export async function buildRunManifest(input: ManifestInput): Promise<RunManifest> {
  const { snapshot: s, selection: sel, facts } = input;
  const files: ManifestFile[] = [];
  for (const path of [...input.files].sort()) {
    files.push({
      path: relative(input.root, path).split('\\').join('/'),
      bytes: statSync(path).size,
      sha256: await sha256File(path),
    });
  }
  return {
    tool: { name: 'hf-torrent', version: input.version },
    createdAt: input.now,
    endpoint: input.endpoint,
    crawl: {
      snapshotId: s.id,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      queryMode: s.queryMode,
      query: s.query,
      pages: s.pages,
      listed: s.listed,
      models: s.models,
    },
    selection: {
      id: sel.id,
      method: sel.method,
      shrinkage: sel.shrinkage,
      top: sel.top,
      total: sel.total,
      count: sel.count,
      shards: sel.shards,
      createdAt: sel.createdAt,
    },
    download: {
      states: Object.fromEntries(facts.downloadStates.map((d) => [d.state, d.repos])),
      reasons: facts.downloadReasons,
      startedAt: facts.downloadWindow.startedAt,
      finishedAt: facts.downloadWindow.finishedAt,
    },
    tables: input.tables,
    files,
  };
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
