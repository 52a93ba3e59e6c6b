/**
 * `run`: crawl, then select, then download, then export, each resuming what an earlier run left. The data-dir
 * lock is held across the four stages (it is reentrant), so no other run slips in between them.
 */
import { acquireDataDirLock } from '../catalog/index.js';
import { crawl, type CrawlEvent, type CrawlSummary } from '../crawl/index.js';
import {
  download,
  type DownloadEvent,
  type DownloadOptions,
  type DownloadSummary,
} from '../download/index.js';
import { exportDataset, type ExportEvent, type ExportFormat, type ExportSummary } from '../export/index.js';
import type { HubClient } from '../hub/hub-client.js';
import { select, type SelectSummary } from '../select/index.js';
import { downloadedCommitLookup } from './downloaded-commit-lookup.js';

export type PipelineStage = 'crawl' | 'select' | 'download' | 'export';

export interface PipelineOptions {
  dataDir: string;
  client: HubClient;
  /** Start a new crawl snapshot even when the last one finished. Default false. */
  fresh?: boolean;
  /** Share of models to select, in (0, 1]. Default 0.1 (unless `top`). */
  shrinkage?: number;
  /** Select exactly this many models instead of a share. */
  top?: number;
  /** split_urls files. Default 100. */
  shards?: number;
  /** Download options (concurrency, filters, budget, shard...); `skip: true` leaves the download out. */
  download?: Omit<DownloadOptions, 'dataDir' | 'client' | 'signal' | 'onEvent' | 'urlsFile'> & {
    skip?: boolean;
  };
  /** Export formats. Default `json`. */
  format?: ExportFormat | readonly ExportFormat[];
  signal?: AbortSignal;
  onStage?: (stage: PipelineStage) => void;
  onCrawl?: (event: CrawlEvent) => void;
  onDownload?: (event: DownloadEvent) => void;
  onExport?: (event: ExportEvent) => void;
}

export interface PipelineSummary {
  crawl: CrawlSummary;
  select: SelectSummary;
  /** Null when the download stage was left out. */
  download: DownloadSummary | null;
  export: ExportSummary;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineSummary> {
  const release = acquireDataDirLock(options.dataDir, 'run');
  try {
    options.onStage?.('crawl');
    const crawled = await crawl({
      dataDir: options.dataDir,
      client: options.client,
      fresh: options.fresh,
      signal: options.signal,
      onProgress: options.onCrawl,
    });
    options.onStage?.('select');
    const selected = await select({
      dataDir: options.dataDir,
      shrinkage: options.shrinkage,
      top: options.top,
      shards: options.shards,
      endpoint: options.client.endpoint,
      signal: options.signal,
    });
    let downloaded: DownloadSummary | null = null;
    if (options.download?.skip !== true) {
      options.onStage?.('download');
      const { skip: _skip, ...downloadOptions } = options.download ?? {};
      downloaded = await download({
        ...downloadOptions,
        dataDir: options.dataDir,
        client: options.client,
        signal: options.signal,
        onEvent: options.onDownload,
      });
    }
    options.onStage?.('export');
    const exported = await exportDataset({
      dataDir: options.dataDir,
      endpoint: options.client.endpoint,
      format: options.format,
      downloadedCommit: downloadedCommitLookup(options.dataDir),
      ...(options.download?.layout === 'hf-cache' ? { hfCacheDir: options.download.cacheDir } : {}),
      signal: options.signal,
      onProgress: options.onExport,
    });
    return { crawl: crawled, select: selected, download: downloaded, export: exported };
  } finally {
    release();
  }
}
