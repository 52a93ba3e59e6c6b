/**
 * `export`: the dataset's JSON files under `<data-dir>/huggingface/`, from the latest finished crawl and the
 * current selection.
 *
 *   format json (default)                  format ndjson (one item a line, for DuckDB/pandas)
 *   json/metadata/hf_metadata.json         json/metadata/hf_metadata.ndjson   raw Hub items, every catalogued model
 *   json/huggingface.json                  json/huggingface.ndjson            PTMTorrent records, selection, rank order
 *
 * Both are streamed (constant memory at 3M models), written to `.tmp` files and renamed into place only when
 * both are complete and every record validated, so a failed or killed export leaves the previous files.
 * `MetadataFilePath` in each record is the metadata file's path relative to `<data-dir>/huggingface/`.
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
} from '../catalog/index.js';
import { AbortedError, CatalogError } from '../errors.js';
import { type ExportFormat, type JsonItemsWriter, openJsonItemsWriter } from './json-array-writer.js';
import { toPtmTorrentRecord } from './ptm-record.js';
import { createPtmValidator } from './ptm-validator.js';

export interface ExportOptions {
  dataDir: string;
  /** Hub base URL for `ModelHubURL` and every URL in the records. Default: the current selection's endpoint. */
  endpoint?: string;
  /** Default `json`. */
  format?: ExportFormat;
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

export type ExportEvent =
  | { type: 'records'; written: number; total: number }
  | { type: 'metadata'; written: number; total: number; bytes: number };

export interface ExportSummary {
  format: ExportFormat;
  /** Absolute paths. */
  recordsFile: string;
  metadataFile: string;
  records: number;
  metadataItems: number;
  recordsBytes: number;
  metadataBytes: number;
  snapshotId: number;
  selectionId: number;
  elapsedMillis: number;
}

/** Paths relative to `<data-dir>/huggingface/`. */
export function exportFileNames(format: ExportFormat): { records: string; metadata: string } {
  const ext = format === 'ndjson' ? 'ndjson' : 'json';
  return {
    records: `${LAYOUT.jsonDir}/huggingface.${ext}`,
    metadata: `${LAYOUT.metadataDir}/hf_metadata.${ext}`,
  };
}

const PROGRESS_EVERY = 1000;

export async function exportDataset(options: ExportOptions): Promise<ExportSummary> {
  const now = options.now ?? Date.now;
  const format = options.format ?? 'json';
  const started = now();
  const release = acquireDataDirLock(options.dataDir, 'export', { now });
  const catalog = openCatalog(options.dataDir);
  const writers: JsonItemsWriter[] = [];
  try {
    const { snapshotId, selection } = exportSource(catalog);
    const root = hubDir(options.dataDir);
    for (const dir of [LAYOUT.htmlModelsDir, LAYOUT.jsonModelsDir, LAYOUT.reposDir]) {
      mkdirSync(join(root, dir), { recursive: true });
    }
    const names = exportFileNames(format);
    const endpoint = decideEndpoint(options.endpoint, selection.endpoint);
    const validate = createPtmValidator();

    const records = await openJsonItemsWriter(join(root, names.records), format);
    writers.push(records);
    for (const { selected, model } of catalog.selections.iterateWithModels(snapshotId)) {
      if (model === null) {
        throw new CatalogError(`selected model ${selected.id} is missing from crawl #${snapshotId}`, {
          repoId: selected.id,
        });
      }
      const record = toPtmTorrentRecord({
        rank: selected.rank,
        model,
        endpoint,
        metadataFilePath: names.metadata,
        downloadedCommit: options.downloadedCommit?.(model.id) ?? null,
      });
      validate(record);
      await records.add(JSON.stringify(record));
      if (records.count % PROGRESS_EVERY === 0) {
        checkAborted(options.signal);
        options.onProgress?.({ type: 'records', written: records.count, total: selection.count });
      }
    }
    options.onProgress?.({ type: 'records', written: records.count, total: selection.count });

    const metadata = await openJsonItemsWriter(join(root, names.metadata), format);
    writers.push(metadata);
    const total = catalog.models.count(snapshotId);
    for (const raw of catalog.models.iterateRaw(snapshotId)) {
      await metadata.add(raw);
      if (metadata.count % PROGRESS_EVERY === 0) {
        checkAborted(options.signal);
        options.onProgress?.({ type: 'metadata', written: metadata.count, total, bytes: metadata.bytes });
      }
    }
    options.onProgress?.({ type: 'metadata', written: metadata.count, total, bytes: metadata.bytes });

    await records.commit();
    await metadata.commit();
    writers.length = 0;
    return {
      format,
      recordsFile: join(root, names.records),
      metadataFile: join(root, names.metadata),
      records: records.count,
      metadataItems: metadata.count,
      recordsBytes: records.bytes,
      metadataBytes: metadata.bytes,
      snapshotId,
      selectionId: selection.id,
      elapsedMillis: now() - started,
    };
  } finally {
    for (const writer of writers) await writer.abort();
    catalog.close();
    release();
  }
}

/** The latest finished crawl and a selection taken from it, or an error saying which stage to run. */
function exportSource(catalog: Catalog) {
  const snapshot = catalog.snapshots.latestFinished();
  if (snapshot === null) {
    throw new CatalogError('nothing to export: no crawl has finished yet; run `hftorrent crawl` first');
  }
  const selection = catalog.selections.current();
  if (selection === null) {
    throw new CatalogError('nothing to export: no selection yet; run `hftorrent select` first');
  }
  if (selection.snapshotId !== snapshot.id) {
    throw new CatalogError(
      `the selection was taken from crawl #${selection.snapshotId}, but the latest finished crawl is ` +
        `#${snapshot.id}: run \`hftorrent select\` again`,
    );
  }
  return { snapshotId: snapshot.id, selection };
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError('export aborted; the previous files are unchanged');
}
