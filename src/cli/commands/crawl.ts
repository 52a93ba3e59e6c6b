import type { Command } from 'commander';
import { crawl } from '../../crawl/index.js';
import { commandContext } from '../context.js';
import { hubClientFor } from '../hub-client-for.js';
import type { CliIo } from '../io.js';
import { crawlProgress, crawlSummaryText } from '../render/crawl-progress.js';
import { positiveInt } from './options.js';

export function registerCrawl(program: Command, io: CliIo): void {
  program
    .command('crawl')
    .description('list every model with full metadata into the catalog; resumes an unfinished crawl')
    .option('--fresh', 'start a new snapshot even if the last crawl finished')
    .option('--page-size <n>', 'models per listing page (the Hub clamps at 1000)', positiveInt('--page-size'))
    .option('--no-relations', 'do not derive the research tables while crawling (the first export does)')
    .addHelpText('after', '\nExample:\n  hftorrent crawl --data-dir ./data\n  hftorrent crawl --fresh --json')
    .action(async (opts: { fresh?: boolean; pageSize?: number; relations: boolean }, cmd: Command) => {
      const ctx = commandContext(cmd, io);
      const client = hubClientFor(ctx);
      try {
        const summary = await crawl({
          dataDir: ctx.config.dataDir,
          client,
          fresh: opts.fresh,
          pageSize: opts.pageSize,
          relations: opts.relations,
          signal: ctx.signal,
          onProgress: crawlProgress(ctx.report),
        });
        ctx.report.result(summary, () => crawlSummaryText(summary));
      } finally {
        await client.close();
      }
    });
}
