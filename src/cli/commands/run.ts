import type { Command } from 'commander';
import { resolveShrinkage } from '../../config.js';
import { UsageError } from '../../errors.js';
import { downloadExitStatus } from '../../download/index.js';
import type { ExportFormat } from '../../export/index.js';
import { runPipeline, type PipelineSummary } from '../../pipeline/run-pipeline.js';
import type { CommandContext } from '../context.js';
import { commandContext } from '../context.js';
import { hubClientFor, type ClientOverrides } from '../hub-client-for.js';
import type { CliIo } from '../io.js';
import { crawlProgress, crawlSummaryText } from '../render/crawl-progress.js';
import { downloadProgress, downloadSummaryText } from '../render/download-progress.js';
import { addDownloadFlags, clientConnections, downloadOptionsFrom, type DownloadFlags } from './download.js';
import { exportSummaryText } from './export.js';
import { exportFormats, positiveInt } from './options.js';
import { selectSummaryText } from './select.js';

export interface RunFlags extends DownloadFlags {
  fresh?: boolean;
  shrinkage?: string;
  top?: number;
  shards?: number;
  skipDownload?: boolean;
  format?: ExportFormat[];
}

/** The selection and export flags `run` and `demo` share (download flags come from addDownloadFlags). */
export function addPipelineFlags(cmd: Command): Command {
  return addDownloadFlags(
    cmd
      .option(
        '--shrinkage <f>',
        'share of models to keep, in (0, 1] (default: $HF_TORRENT_SHRINKAGE, else 0.1)',
      )
      .option('--top <k>', 'keep exactly the top K models instead of a share', positiveInt('--top'))
      .option('--shards <k>', 'number of split_urls files (default: 100)', positiveInt('--shards')),
  )
    .option('--skip-download', 'crawl, select and export only')
    .option(
      '--format <formats>',
      'export formats: json, ndjson, parquet, comma-separated (default: json)',
      exportFormats,
    );
}

export function registerRun(program: Command, io: CliIo): void {
  addPipelineFlags(
    program
      .command('run')
      .description('crawl, select, download and export, each resuming what an earlier run left')
      .option('--fresh', 'start a new crawl snapshot even if the last crawl finished'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  hftorrent run --shrinkage 0.1 --concurrency 16\n  hftorrent run --top 100 --skip-download',
    )
    .action(async (opts: RunFlags, cmd: Command) => {
      const ctx = commandContext(cmd, io);
      await runAndReport(ctx, opts, ctx.config.endpoint);
    });
}

/** Runs the pipeline with progress, prints the four summaries, and sets exit 1 when a download failed. */
export async function runAndReport(
  ctx: CommandContext,
  opts: RunFlags,
  endpoint: string,
  clientOverrides: Omit<ClientOverrides, 'endpoint' | 'connections'> = {},
): Promise<PipelineSummary> {
  if (opts.top !== undefined && opts.shrinkage !== undefined) {
    throw new UsageError('--top and --shrinkage exclude each other');
  }
  const shrinkage = opts.top === undefined ? resolveShrinkage(opts.shrinkage, ctx.io.env) : undefined;
  const client = hubClientFor(ctx, { ...clientOverrides, endpoint, connections: clientConnections(opts) });
  try {
    const summary = await runPipeline({
      dataDir: ctx.config.dataDir,
      client,
      fresh: opts.fresh,
      shrinkage,
      top: opts.top,
      shards: opts.shards,
      download: {
        skip: opts.skipDownload,
        ...downloadOptionsFrom(opts, ctx),
      },
      format: opts.format,
      signal: ctx.signal,
      onStage: (stage) => ctx.report.note(`== ${stage}`),
      onCrawl: crawlProgress(ctx.report),
      onDownload: downloadProgress(ctx.report),
    });
    if (summary.select.warning !== null) ctx.report.warn(summary.select.warning);
    ctx.report.result(summary, () => pipelineSummaryText(summary, ctx.config.dataDir));
    if (summary.download !== null) ctx.io.exitCode = downloadExitStatus(summary.download);
    return summary;
  } finally {
    await client.close();
  }
}

export function pipelineSummaryText(s: PipelineSummary, dataDir: string): string {
  return [
    crawlSummaryText(s.crawl),
    selectSummaryText(s.select, dataDir),
    s.download === null ? 'download: left out (--skip-download)' : downloadSummaryText(s.download),
    exportSummaryText(s.export),
  ].join('\n');
}
