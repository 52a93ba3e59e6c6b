import type { Command } from 'commander';
import { merge, type MergeSummary } from '../../cluster/index.js';
import { commandContext } from '../context.js';
import { formatCount } from '../format.js';
import type { CliIo } from '../io.js';

export function registerMerge(program: Command, io: CliIo): void {
  program
    .command('merge')
    .description("fold every cluster worker's ledger into the catalog (idempotent; safe while workers run)")
    .addHelpText('after', '\nExamples:\n  hftorrent merge\n  hftorrent merge --json | jq .open')
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = commandContext(cmd, io);
      const summary = await merge({ dataDir: ctx.config.dataDir });
      ctx.report.result(summary, () => mergeText(summary));
    });
}

function mergeText(s: MergeSummary): string {
  const busy = s.workers.filter((w) => w.open > 0).map((w) => w.index);
  return (
    `merged ${formatCount(s.merged)} finished repos from ${s.workers.length} workers into the catalog; ` +
    (s.open === 0
      ? 'every repo of the plan is finished'
      : `${formatCount(s.open)} not finished yet (workers ${busy.slice(0, 20).join(', ')}${busy.length > 20 ? ', ...' : ''}): merge again later`)
  );
}
