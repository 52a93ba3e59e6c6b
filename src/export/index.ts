export {
  DATASHEET_FILE,
  MANIFEST_FILE,
  exportDataset,
  exportFileNames,
  type ExportEvent,
  type ExportFormat,
  type ExportOptions,
  type ExportSummary,
} from './export-dataset.js';
export type { JsonFormat } from './json-array-writer.js';
export { PARQUET_DIR, type ParquetTables } from './parquet/export-parquet-tables.js';
export type { SeedFiles } from './write-seed-files.js';
export type { RunManifest, ManifestFile } from './provenance/run-manifest.js';
export {
  LEGACY_OWNER,
  toPtmTorrentRecord,
  type PtmRecordInput,
  type PtmTorrentRecord,
} from './ptm-record.js';
export { PTM_SCHEMA_PATH, createPtmValidator, type PtmValidator } from './ptm-validator.js';
