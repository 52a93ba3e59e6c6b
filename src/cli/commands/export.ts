import { givenEndpoint } from '../../config.js';
import type { Command } from 'commander';
import {
  exportDataset,
  type ExportEvent,
  type ExportFormat,
  type ExportSummary,
} from '../../export/index.js';
import { downloadedCommitLookup } from '../../pipeline/downloaded-commit-lookup.js';
import { commandContext } from '../context.js';
import { displayPath, formatBytes, formatCount } from '../format.js';
import type { CliIo } from '../io.js';
import { exportFormats } from './options.js';

export function registerExport(program: Command, io: CliIo): void {
  program
    .command('export')
    .description(
      'write the seed files (hf_metadata.json, huggingface.json), the Parquet tables, DATASHEET.md and manifest.json',
    )
    .option(
      '--format <formats>',
      'json (arrays), ndjson (one item a line), parquet (one file per table); comma-separated (default: json)',
      exportFormats,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  hftorrent export\n  hftorrent export --format ndjson\n  hftorrent export --format json,parquet',
    )
    .action(async (opts: { format?: ExportFormat[] }, cmd: Command) => {
      const ctx = commandContext(cmd, io);
      const summary = await exportDataset({
        dataDir: ctx.config.dataDir,
        // Default: the selection's endpoint (the one that was crawled).
        endpoint: givenEndpoint(ctx.config),
        format: opts.format,
        downloadedCommit: downloadedCommitLookup(ctx.config.dataDir),
        signal: ctx.signal,
        onProgress: (e) => ctx.report.progress(exportProgressText(e)),
      });
      ctx.report.result(summary, () => exportSummaryText(summary));
    });
}

export function exportProgressText(e: ExportEvent): string {
  return e.type === 'table'
    ? `export: table ${e.table} ${formatCount(e.rows)} rows`
    : `export: ${e.type} ${formatCount(e.written)}/${formatCount(e.total)}`;
}

export function exportSummaryText(s: ExportSummary): string {
  const lines = s.seedFiles.flatMap((f) => [
    `exported ${formatCount(f.records)} PTMTorrent records to ${displayPath(f.recordsFile)} (${formatBytes(f.recordsBytes)})`,
    `exported ${formatCount(f.metadataItems)} raw Hub items to ${displayPath(f.metadataFile)} (${formatBytes(f.metadataBytes)})`,
  ]);
  if (s.parquet !== null) {
    const bytes = s.parquet.tables.reduce((sum, t) => sum + t.bytes, 0);
    lines.push(
      `exported ${s.parquet.tables.length} Parquet tables to ${displayPath(s.parquet.dir)} (${formatBytes(bytes)}; ` +
        `model ${formatCount(s.tables['model'] ?? 0)} rows, model_to_base_model ${formatCount(s.tables['model_to_base_model'] ?? 0)})`,
    );
  }
  lines.push(`wrote ${displayPath(s.datasheetFile)} and ${displayPath(s.manifestFile)}`);
  return lines.join('\n');
}
