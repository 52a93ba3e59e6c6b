/**
 * The seed-compatible files: `json/huggingface.<ext>` (one PTMTorrent record per selected model, rank order,
 * each validated) and `json/metadata/hf_metadata.<ext>` (the raw Hub items of every catalogued model, listing
 * order). Streamed, and renamed into place only when both are complete, so a failed export leaves the
 * previous files.
 */
import { join } from 'node:path';
import { type Catalog, LAYOUT, type Selection } from '../catalog/index.js';
import { AbortedError, CatalogError } from '../errors.js';
import { type JsonFormat, type JsonItemsWriter, openJsonItemsWriter } from './json-array-writer.js';
import { toPtmTorrentRecord } from './ptm-record.js';
import type { PtmValidator } from './ptm-validator.js';

export type SeedProgress =
  | { type: 'records'; written: number; total: number }
  | { type: 'metadata'; written: number; total: number; bytes: number };

export interface SeedFiles {
  format: JsonFormat;
  /** Absolute paths. */
  recordsFile: string;
  metadataFile: string;
  records: number;
  metadataItems: number;
  recordsBytes: number;
  metadataBytes: number;
}

export interface SeedFilesInput {
  catalog: Catalog;
  root: string;
  format: JsonFormat;
  snapshotId: number;
  selection: Selection;
  endpoint: string;
  validate: PtmValidator;
  downloadedCommit?: (repoId: string) => string | null | undefined;
  signal?: AbortSignal;
  onProgress?: (event: SeedProgress) => void;
}

/** Paths relative to `<data-dir>/huggingface/`. */
export function exportFileNames(format: JsonFormat): { records: string; metadata: string } {
  const ext = format === 'ndjson' ? 'ndjson' : 'json';
  return {
    records: `${LAYOUT.jsonDir}/huggingface.${ext}`,
    metadata: `${LAYOUT.metadataDir}/hf_metadata.${ext}`,
  };
}

const PROGRESS_EVERY = 1000;

export async function writeSeedFiles(input: SeedFilesInput): Promise<SeedFiles> {
  const { catalog, root, format, snapshotId, selection } = input;
  const names = exportFileNames(format);
  const writers: JsonItemsWriter[] = [];
  try {
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
        endpoint: input.endpoint,
        metadataFilePath: names.metadata,
        downloadedCommit: input.downloadedCommit?.(model.id) ?? null,
      });
      input.validate(record);
      await records.add(JSON.stringify(record));
      if (records.count % PROGRESS_EVERY === 0) {
        checkAborted(input.signal);
        input.onProgress?.({ type: 'records', written: records.count, total: selection.count });
      }
    }
    input.onProgress?.({ type: 'records', written: records.count, total: selection.count });

    const metadata = await openJsonItemsWriter(join(root, names.metadata), format);
    writers.push(metadata);
    const total = catalog.models.count(snapshotId);
    for (const raw of catalog.models.iterateRaw(snapshotId)) {
      await metadata.add(raw);
      if (metadata.count % PROGRESS_EVERY === 0) {
        checkAborted(input.signal);
        input.onProgress?.({ type: 'metadata', written: metadata.count, total, bytes: metadata.bytes });
      }
    }
    input.onProgress?.({ type: 'metadata', written: metadata.count, total, bytes: metadata.bytes });

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
    };
  } finally {
    for (const writer of writers) await writer.abort();
  }
}

export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError('export aborted; the previous files are unchanged');
}
