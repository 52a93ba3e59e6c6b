/**
 * `export`: the dataset's files under `<data-dir>/huggingface/`, from the latest finished crawl and the
 * current selection, in one or more formats:
 *
 *   json (default)   json/huggingface.json, json/metadata/hf_metadata.json     the seed's files (JSON arrays)
 *   ndjson           json/huggingface.ndjson, json/metadata/hf_metadata.ndjson the same, one item a line
 *   parquet          json/parquet/<table>.parquet                               one file per research table
 *
 * Every export also writes `DATASHEET.md` and `json/manifest.json` (provenance, rows per table, sha256 of
 * each file written). Before writing, a snapshot crawled before the relation tables existed gets them
 * (from its raw items) and the model cards of newly downloaded repos are read from disk. Every file is
 * written aside and renamed into place when complete, so a failed or killed export leaves the previous ones.
 * The seed's empty directories (html/metadata/models, json/metadata/models, repos) exist afterwards.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Catalog,
  LAYOUT,
  acquireDataDirLock,
  decideEndpoint,
  hubDir,
  openCatalog,
  requireCatalog,
  writeFileAtomic,
} from '../catalog/index.js';
import { ensureRelations } from '../crawl/ensure-relations.js';
import { CatalogError, StageNotRunError } from '../errors.js';
import { VERSION } from '../version.js';
import type { JsonFormat } from './json-array-writer.js';
import { collectModelCards } from './model-cards/collect-model-cards.js';
import { exportParquetTables, type ParquetTables } from './parquet/export-parquet-tables.js';
import { renderDatasheet } from './provenance/datasheet.js';
import { buildRunManifest } from './provenance/run-manifest.js';
import { createPtmValidator } from './ptm-validator.js';
import { type SeedFiles, type SeedProgress, checkAborted, writeSeedFiles } from './write-seed-files.js';

export type ExportFormat = JsonFormat | 'parquet';

export interface ExportOptions {
  dataDir: string;
  /** Hub base URL for `ModelHubURL` and every URL in the records. Default: the current selection's endpoint. */
  endpoint?: string;
  /** One format or several. Default `json`. */
  format?: ExportFormat | readonly ExportFormat[];
  /**
   * The commit actually downloaded for a repo (from the download ledger), or null/undefined when none was:
   * the record then carries the sha at listing. Default: none downloaded.
   */
  downloadedCommit?: (repoId: string) => string | null | undefined;
  /** Stops between batches; the previous files stay. */
  signal?: AbortSignal;
  onProgress?: (event: ExportEvent) => void;
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

export type ExportEvent = SeedProgress | { type: 'table'; table: string; rows: number };

export interface ExportSummary {
  formats: ExportFormat[];
  /** The seed files of the first JSON format asked for; null when only Parquet was. */
  seed: SeedFiles | null;
  /** Every seed format written (json and ndjson may both be asked for). */
  seedFiles: SeedFiles[];
  parquet: ParquetTables | null;
  /** Rows per research table. */
  tables: Record<string, number>;
  /** Absolute paths. */
  manifestFile: string;
  datasheetFile: string;
  /** Models whose relation tables were derived now from stored items (a catalog older than them). */
  backfilledModels: number;
  /** Model cards read from downloaded repos now. */
  cardsRead: number;
  snapshotId: number;
  selectionId: number;
  elapsedMillis: number;
}

export { exportFileNames } from './write-seed-files.js';

export const MANIFEST_FILE = `${LAYOUT.jsonDir}/manifest.json`;
export const DATASHEET_FILE = 'DATASHEET.md';

export async function exportDataset(options: ExportOptions): Promise<ExportSummary> {
  const now = options.now ?? Date.now;
  const formats = normalizeFormats(options.format);
  const started = now();
  requireCatalog(options.dataDir);
  const release = acquireDataDirLock(options.dataDir, 'export', { now });
  // the export scans tables once each: 8 MiB of page cache instead of 64 keeps 100 MB off its peak at 3M models
  const catalog = openCatalog(options.dataDir, { cacheMiB: 8 });
  try {
    const { snapshotId, selection } = exportSource(catalog);
    const root = hubDir(options.dataDir);
    for (const dir of [LAYOUT.htmlModelsDir, LAYOUT.jsonModelsDir, LAYOUT.reposDir]) {
      mkdirSync(join(root, dir), { recursive: true });
    }
    const endpoint = decideEndpoint(options.endpoint, selection.endpoint);
    const backfilledModels = ensureRelations(catalog, snapshotId);
    const cardsRead = collectModelCards(catalog, options.dataDir, now);

    const validate = createPtmValidator();
    const seedFiles: SeedFiles[] = [];
    for (const format of formats) {
      if (format === 'parquet') continue;
      seedFiles.push(
        await writeSeedFiles({
          catalog,
          root,
          format,
          snapshotId,
          selection,
          endpoint,
          validate,
          downloadedCommit: options.downloadedCommit,
          signal: options.signal,
          onProgress: options.onProgress,
        }),
      );
    }
    checkAborted(options.signal);
    const parquet = formats.includes('parquet')
      ? await exportParquetTables(catalog, root, {
          signal: options.signal,
          onRows: (table, rows) => options.onProgress?.({ type: 'table', table, rows }),
        })
      : null;
    const tables = Object.fromEntries(
      parquet?.tables.map((t) => [t.name, t.rows]) ??
        catalog.research.tables.map((t) => [t.name, catalog.research.count(t)]),
    );

    const snapshot = catalog.snapshots.get(snapshotId);
    if (snapshot === null) throw new CatalogError(`crawl snapshot ${snapshotId} vanished during the export`);
    const facts = catalog.research.facts(snapshotId);
    const base = {
      version: VERSION,
      now: new Date(now()).toISOString(),
      endpoint,
      snapshot,
      selection,
      facts,
    };
    const partial = await buildRunManifest({ ...base, tables, files: [], root });
    const datasheetFile = join(root, DATASHEET_FILE);
    await writeFileAtomic(
      datasheetFile,
      renderDatasheet({ manifest: partial, facts, tables: catalog.research.tables }),
    );
    const files = [
      datasheetFile,
      ...seedFiles.flatMap((s) => [s.recordsFile, s.metadataFile]),
      ...(parquet?.tables.map((t) => t.file) ?? []),
    ];
    const manifest = await buildRunManifest({ ...base, tables, files, root });
    const manifestFile = join(root, MANIFEST_FILE);
    await writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    return {
      formats,
      seed: seedFiles[0] ?? null,
      seedFiles,
      parquet,
      tables,
      manifestFile,
      datasheetFile,
      backfilledModels,
      cardsRead,
      snapshotId,
      selectionId: selection.id,
      elapsedMillis: now() - started,
    };
  } finally {
    catalog.close();
    release();
  }
}

function normalizeFormats(format: ExportOptions['format']): ExportFormat[] {
  const list = format === undefined ? ['json' as const] : typeof format === 'string' ? [format] : [...format];
  return [...new Set(list)];
}

/** The latest finished crawl and a selection taken from it, or an error saying which stage to run. */
function exportSource(catalog: Catalog) {
  const snapshot = catalog.snapshots.latestFinished();
  if (snapshot === null) {
    throw new StageNotRunError('nothing to export: no crawl has finished yet; run `hftorrent crawl` first');
  }
  const selection = catalog.selections.current();
  if (selection === null) {
    throw new StageNotRunError('nothing to export: no selection yet; run `hftorrent select` first');
  }
  if (selection.snapshotId !== snapshot.id) {
    throw new CatalogError(
      `the selection was taken from crawl #${selection.snapshotId}, but the latest finished crawl is ` +
        `#${snapshot.id}: run \`hftorrent select\` again`,
    );
  }
  return { snapshotId: snapshot.id, selection };
}
