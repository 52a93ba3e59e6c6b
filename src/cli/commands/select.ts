import type { Command } from 'commander';
import { dirname } from 'node:path';
import { givenEndpoint, resolveShrinkage } from '../../config.js';
import { UsageError } from '../../errors.js';
import { select, type SelectSummary } from '../../select/index.js';
import { commandContext } from '../context.js';
import { displayPath, formatCount } from '../format.js';
import type { CliIo } from '../io.js';
import { positiveInt } from './options.js';

export function registerSelect(program: Command, io: CliIo): void {
  program
    .command('select')
    .description('rank the catalogued models by downloads, keep the top share, write split_urls')
    .option(
      '--shrinkage <f>',
      'share of models to keep, in (0, 1] (default: $HF_TORRENT_SHRINKAGE, else 0.1)',
    )
    .option('--top <k>', 'keep exactly the top K models instead of a share', positiveInt('--top'))
    .option(
      '--shards <k>',
      'number of split_urls files, at most 10000 and never more than models selected (default: 100)',
      positiveInt('--shards'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  hftorrent select --shrinkage 0.05\n  HF_TORRENT_SHRINKAGE=0.2 hftorrent select --shards 8\n  hftorrent select --top 1000',
    )
    .action(async (opts: { shrinkage?: string; top?: number; shards?: number }, cmd: Command) => {
      const ctx = commandContext(cmd, io);
      if (opts.top !== undefined && opts.shrinkage !== undefined) {
        throw new UsageError('--top and --shrinkage exclude each other');
      }
      const shrinkage = opts.top === undefined ? resolveShrinkage(opts.shrinkage, io.env) : undefined;
      const summary = await select({
        dataDir: ctx.config.dataDir,
        shrinkage,
        top: opts.top,
        shards: opts.shards,
        signal: ctx.signal,
        // Default: the crawled snapshot's endpoint.
        endpoint: givenEndpoint(ctx.config),
      });
      if (summary.warning !== null) ctx.report.warn(summary.warning);
      ctx.report.result(summary, () => selectSummaryText(summary, ctx.config.dataDir));
    });
}

export function selectSummaryText(s: SelectSummary, dataDir: string): string {
  const sel = s.selection;
  const rule = sel.top !== null ? `top ${formatCount(sel.top)}` : `shrinkage ${sel.shrinkage}`;
  const dir = s.files[0] === undefined ? '' : displayPath(dirname(s.files[0]));
  return (
    `selected ${formatCount(sel.count)} of ${formatCount(sel.total)} models (${rule}) from crawl #${s.snapshot.id}; ` +
    `${s.files.length} split_urls files in ${dir || dataDir}`
  );
}
