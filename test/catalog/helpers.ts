/**
 * Test helpers for catalog, select and export tests: listed models as the hub client would hand them over, and
 * catalogs seeded with a finished crawl without a server (the crawl tests use the emulator).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCatalog } from '../../src/catalog/index.js';
import type { ListedModel, ModelRecord } from '../../src/types.js';

export function tempDataDir(t: { after(fn: () => void): void }, prefix = 'hft-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A listed model; `raw` mirrors the record the way an expand listing would send it. */
export function listed(id: string, fields: Partial<ModelRecord> = {}): ListedModel {
  const slash = id.indexOf('/');
  const model: ModelRecord = {
    id,
    mongoId: null,
    author: slash > 0 ? id.slice(0, slash) : null,
    sha: sha40(id),
    lastModified: '2024-01-01T00:00:00.000Z',
    createdAt: '2023-01-01T00:00:00.000Z',
    private: false,
    gated: false,
    disabled: false,
    downloads: 0,
    downloadsAllTime: null,
    likes: 0,
    libraryName: null,
    pipelineTag: null,
    tags: [],
    cardData: null,
    config: null,
    siblings: [],
    usedStorage: null,
    trendingScore: null,
    safetensors: null,
    gguf: null,
    ...fields,
  };
  const raw: Record<string, unknown> = {
    _id: model.mongoId ?? undefined,
    id: model.id,
    author: model.author ?? undefined,
    sha: model.sha,
    downloads: model.downloads,
    likes: model.likes,
    tags: model.tags,
    pipeline_tag: model.pipelineTag ?? undefined,
    cardData: model.cardData ?? undefined,
    config: model.config ?? undefined,
    siblings: model.siblings.map((rfilename) => ({ rfilename })),
  };
  return { model, raw: JSON.parse(JSON.stringify(raw)) as Record<string, unknown> };
}

/** A deterministic 40-hex sha for an id. */
export function sha40(id: string): string {
  let h = 2166136261;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0').repeat(5);
}

/** Stores `models` as one finished crawl of `endpoint`, in pages of `pageSize`. Returns the snapshot id. */
export function seedFinishedCrawl(
  dataDir: string,
  models: readonly ListedModel[],
  { endpoint = 'https://hub.test', pageSize = 100 } = {},
): number {
  const catalog = openCatalog(dataDir);
  try {
    const snapshot = catalog.snapshots.start({
      endpoint,
      query: {},
      queryMode: 'expand',
      now: new Date(0).toISOString(),
    });
    const pages = Math.max(1, Math.ceil(models.length / pageSize));
    for (let p = 0; p < pages; p += 1) {
      catalog.snapshots.commitPage(snapshot.id, {
        items: models.slice(p * pageSize, (p + 1) * pageSize),
        nextUrl: p === pages - 1 ? null : `${endpoint}/api/models?cursor=${p + 1}`,
        expectedPages: p,
        now: new Date(1000 * (p + 1)).toISOString(),
      });
    }
    return snapshot.id;
  } finally {
    catalog.close();
  }
}
