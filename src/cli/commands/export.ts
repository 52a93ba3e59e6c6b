import { givenEndpoint } from '../../config.js';
import { Option, type Command } from 'commander';
import { exportDataset, type ExportFormat, type ExportSummary } from '../../export/index.js';
import { downloadedCommitLookup } from '../../pipeline/downloaded-commit-lookup.js';
import { commandContext } from '../context.js';
import { displayPath, formatBytes, formatCount } from '../format.js';
import type { CliIo } from '../io.js';

export function registerExport(program: Command, io: CliIo): void {
  program
    .command('export')
    .description('write hf_metadata.json (raw Hub items) and huggingface.json (PTMTorrent records)')
    .addOption(
      new Option('--format <format>', 'json arrays or one record a line')
        .choices(['json', 'ndjson'])
        .default('json'),
    )
    .addHelpText('after', '\nExamples:\n  hftorrent export\n  hftorrent export --format ndjson')
    .action(async (opts: { format: ExportFormat }, cmd: Command) => {
      const ctx = commandContext(cmd, io);
      const summary = await exportDataset({
        dataDir: ctx.config.dataDir,
        // Default: the selection's endpoint (the one that was crawled).
        endpoint: givenEndpoint(ctx.config),
        format: opts.format,
        downloadedCommit: downloadedCommitLookup(ctx.config.dataDir),
        signal: ctx.signal,
        onProgress: (e) =>
          ctx.report.progress(`export: ${e.type} ${formatCount(e.written)}/${formatCount(e.total)}`),
      });
      ctx.report.result(summary, () => exportSummaryText(summary));
    });
}

export function exportSummaryText(s: ExportSummary): string {
  return (
    `exported ${formatCount(s.records)} PTMTorrent records to ${displayPath(s.recordsFile)} (${formatBytes(s.recordsBytes)})\n` +
    `exported ${formatCount(s.metadataItems)} raw Hub items to ${displayPath(s.metadataFile)} (${formatBytes(s.metadataBytes)})`
  );
}
