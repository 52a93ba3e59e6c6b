/** The download stage's public surface (the CLI's `download` and `status` commands, export, git mode). */
export { download, shardSize, type DownloadClock, type DownloadOptions } from './download.js';
export type { DownloadEvent, FileInFlight, ProgressSnapshot, RepoPlanSummary } from './events.js';
export { downloadExitStatus, type DownloadSummary, type RepoReason } from './summary.js';
export { parseShard, type Shard } from './shard.js';
export { parseUrlsFile, readUrlsFile, type UrlsEntry } from './urls-file.js';
export { createFileFilter, type FileFilterOptions } from './file-filter.js';
export {
  repoFolder,
  repoFolderSegments,
  repoKeySegments,
  isValidRepoId,
  LEGACY_NAMESPACE,
} from './repo-folder.js';
export { reposRoot, stagingFolder } from './layout.js';
export { LAYOUT_NAMES, type LayoutName } from './layouts/download-layout.js';
export { cacheFolderName } from './layouts/hf-cache-layout.js';
export type { RepoRequest } from './single-repo.js';
export { downloadedCommit, downloadedCommits } from '../catalog/ledger.js';
export { status, type StatusReport } from '../status/status.js';
