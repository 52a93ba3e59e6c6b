import type { Command } from 'commander';
import { writeReport, type ReportSummary } from '../../report/index.js';
import { commandContext } from '../context.js';
import { displayPath, formatBytes, formatCount } from '../format.js';
import type { CliIo } from '../io.js';

export function registerReport(program: Command, io: CliIo): void {
  program
    .command('report')
    .description('one self-contained HTML page of the catalog and the download: report/index.html')
    .addHelpText(
      'after',
      '\nExamples:\n  hftorrent report\n  hftorrent report --data-dir ./demo-data --json | jq -r .file',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const ctx = commandContext(cmd, io);
      const summary = await writeReport({ dataDir: ctx.config.dataDir });
      ctx.report.result(summary, () => reportSummaryText(summary));
    });
}

export function reportSummaryText(s: ReportSummary): string {
  const empty = s.emptyFigures.length > 0 ? ` (nothing to draw yet: ${s.emptyFigures.join(', ')})` : '';
  return (
    `report of ${formatCount(s.models)} models: ${displayPath(s.file)} (${formatBytes(s.bytes)}, ` +
    `${s.figures.length} charts${empty})`
  );
}
