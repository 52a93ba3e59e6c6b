export {
  exportDataset,
  exportFileNames,
  type ExportEvent,
  type ExportOptions,
  type ExportSummary,
} from './export-dataset.js';
export type { ExportFormat } from './json-array-writer.js';
export {
  LEGACY_OWNER,
  toPtmTorrentRecord,
  type PtmRecordInput,
  type PtmTorrentRecord,
} from './ptm-record.js';
export { PTM_SCHEMA_PATH, createPtmValidator, type PtmValidator } from './ptm-validator.js';
