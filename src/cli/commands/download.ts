import { Option, type Command } from 'commander';
import { download, downloadExitStatus } from '../../download/index.js';
import { catalogEndpoint } from '../catalog-endpoint.js';
import { commandContext } from '../context.js';
import { hubClientFor } from '../hub-client-for.js';
import type { CliIo } from '../io.js';
import { downloadProgress, downloadSummaryText } from '../render/download-progress.js';
import { collect, positiveInt, shard, size } from './options.js';
import type { Shard } from '../../download/index.js';

export interface DownloadFlags {
  concurrency?: number;
  include?: string[];
  exclude?: string[];
  dryRun?: boolean;
  maxBytes?: number;
  shard?: Shard;
}

/** The download flags `download` and `run` share. */
export function addDownloadFlags(cmd: Command): Command {
  return cmd
    .option(
      '--concurrency <n>',
      'files in flight at once, across repos (default: 8)',
      positiveInt('--concurrency'),
    )
    .option('--include <glob>', 'only files matching this glob (repeatable)', collect)
    .option('--exclude <glob>', 'leave out files matching this glob (repeatable)', collect)
    .option('--dry-run', 'print the repos, files and bytes a run would fetch, and fetch nothing')
    .option('--max-bytes <size>', 'budget in rank order, e.g. 500GB or 2TiB', size('--max-bytes'))
    .option('--shard <i/n>', 'only every n-th repo of the selection, starting at the i-th (1-based)', shard);
}

export function registerDownload(program: Command, io: CliIo): void {
  addDownloadFlags(
    program
      .command('download')
      .description('fetch the selected repos, pinned to the listed commit, every file verified, resumable'),
  )
    .addOption(new Option('--method <method>', 'how to fetch: http (default)').choices(['http']))
    .option(
      '--urls <file>',
      'download the repos of a split_urls file (one <endpoint>/<id>[@commit] a line), no catalog needed',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  hftorrent download --concurrency 16\n  hftorrent download --dry-run --exclude "*.bin" --max-bytes 50GB\n' +
        '  hftorrent download --shard 3/8\n  hftorrent download --urls data/huggingface/split_urls/split_url_0.txt',
    )
    .action(async (opts: DownloadFlags & { urls?: string }, cmd: Command) => {
      const ctx = commandContext(cmd, io);
      const endpoint = opts.urls === undefined ? catalogEndpoint(ctx.config) : ctx.config.endpoint;
      const client = hubClientFor(ctx, { endpoint, connections: opts.concurrency });
      try {
        const summary = await download({
          dataDir: ctx.config.dataDir,
          client,
          endpoint,
          concurrency: opts.concurrency,
          include: opts.include,
          exclude: opts.exclude,
          dryRun: opts.dryRun,
          maxBytes: opts.maxBytes,
          shard: opts.shard,
          urlsFile: opts.urls,
          signal: ctx.signal,
          onEvent: downloadProgress(ctx.report),
        });
        ctx.report.result(summary, () => downloadSummaryText(summary));
        io.exitCode = downloadExitStatus(summary);
      } finally {
        await client.close();
      }
    });
}
