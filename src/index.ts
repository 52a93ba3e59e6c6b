/**
 * hf-torrent as a library: the pipeline's stages, the Hub client and the emulator. The CLI (`hftorrent`) is a
 * thin shell over exactly these functions.
 */
export * from './errors.js';
export type { GlobalConfig } from './config.js';
export { DEFAULT_ENDPOINT, DEFAULT_SHRINKAGE, parseShrinkage, parseSize } from './config.js';
export type {
  BaseModelEdge,
  BaseModelRelation,
  Gated,
  LfsInfo,
  ListedModel,
  ModelRecord,
  ModelRelations,
  RepoCommitInfo,
  RepoFile,
  RepoRef,
} from './types.js';
export { createHubClient } from './hub/index.js';
export type {
  FileResponse,
  HubClient,
  HubClientEvent,
  HubClientOptions,
  ListModelsQuery,
  ModelInfo,
  ModelPage,
} from './hub/index.js';
export { openCatalog, acquireDataDirLock, type Catalog } from './catalog/index.js';
export {
  crawl,
  deriveRelations,
  type CrawlEvent,
  type CrawlOptions,
  type CrawlSummary,
} from './crawl/index.js';
export { fetchHistory, type HistoryOptions, type HistorySummary } from './history/index.js';
export { select, type SelectOptions, type SelectSummary } from './select/index.js';
export {
  download,
  downloadExitStatus,
  status,
  type DownloadEvent,
  type DownloadOptions,
  type DownloadSummary,
  type StatusReport,
} from './download/index.js';
export { exportDataset, type ExportOptions, type ExportSummary } from './export/index.js';
export { runPipeline, type PipelineOptions, type PipelineSummary } from './pipeline/run-pipeline.js';
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator/index.js';
