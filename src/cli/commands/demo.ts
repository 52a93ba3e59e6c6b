import type { Command } from 'commander';
import { parsePositiveInt } from '../../config.js';
import { ensureDataDir, writeDemoMarker } from '../../catalog/index.js';
import { startEmulator } from '../../emulator/index.js';
import { writeReport } from '../../report/index.js';
import { commandContext } from '../context.js';
import { displayPath } from '../format.js';
import type { CliIo } from '../io.js';
import { reportSummaryText } from './report.js';
import { addPipelineFlags, runAndReport, type RunFlags } from './run.js';

/** Big enough to show ranking, ties, gated/moved/deleted repos; small enough to run in seconds. */
const DEMO_MODELS = 2000;
const DEMO_DATA_DIR = './demo-data';

export function registerDemo(program: Command, io: CliIo): void {
  addPipelineFlags(
    program
      .command('demo')
      .description('the whole pipeline offline, against an in-process emulated Hub, into ./demo-data')
      .option('--models <n>', `models on the emulated Hub (default: ${DEMO_MODELS})`)
      .option('--seed <seed>', 'seed of the emulated Hub', '1'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  hftorrent demo\n  hftorrent demo --models 10000 --shrinkage 0.02 --data-dir /tmp/demo',
    )
    .action(async (opts: RunFlags & { models?: string; seed: string }, cmd: Command) => {
      const dataDirGiven = cmd.optsWithGlobals<{ dataDir?: string }>().dataDir !== undefined;
      if (!dataDirGiven) cmd.parent?.setOptionValue('dataDir', DEMO_DATA_DIR);
      const ctx = commandContext(cmd, io);
      const models = opts.models === undefined ? DEMO_MODELS : parsePositiveInt(opts.models, '--models');
      const emulator = await startEmulator({ models, seed: opts.seed, sizes: 'small' });
      try {
        ctx.report.info(
          `demo: an emulated Hub of ${models} models at ${emulator.endpoint}; writing into ${displayPath(ctx.config.dataDir)}`,
        );
        // Later commands on this data dir can tell that its Hub is gone (cli/demo-hub.ts).
        ensureDataDir(ctx.config.dataDir);
        await writeDemoMarker(ctx.config.dataDir, { endpoint: emulator.endpoint, seed: opts.seed, models });
        // The demo's catalog belongs to its own emulator: each demo is a fresh crawl of a new port.
        // The demo shows every output: the seed's JSON files, the Parquet tables and the report.
        await runAndReport(
          ctx,
          { ...opts, fresh: true, format: opts.format ?? ['json', 'parquet'] },
          emulator.endpoint,
          { inProcessHub: true },
        );
        ctx.report.note('== report');
        const report = await writeReport({ dataDir: ctx.config.dataDir });
        ctx.report.info(reportSummaryText(report));
        ctx.report.info(demoFooter(ctx.config.dataDir));
      } finally {
        await emulator.close();
      }
    });
}

function demoFooter(dataDir: string): string {
  const root = `${displayPath(dataDir)}/huggingface`;
  return [
    '',
    'what the demo made:',
    `  ${root}/catalog.db                      SQLite catalog: models, relations, lineage, selection, ledger, cards`,
    `  ${root}/split_urls/split_url_<i>.txt    the selection in shards, one <endpoint>/<id> a line`,
    `  ${root}/repos/AUTHOR/MODEL/...          downloaded repos, every file verified`,
    `  ${root}/json/metadata/hf_metadata.json  raw Hub metadata of every catalogued model`,
    `  ${root}/json/huggingface.json           PTMTorrent records of the selected models`,
    `  ${root}/json/parquet/<table>.parquet    one Parquet file per research table (model, license, ...)`,
    `  ${root}/json/manifest.json              provenance: query, parameters, rows per table, sha256 per file`,
    `  ${root}/DATASHEET.md                    the datasheet of this dataset`,
    `  ${root}/report/index.html               the report: charts and tables of all of it (open it in a browser)`,
    `try: node bin/hftorrent.js status --data-dir ${displayPath(dataDir)}`,
  ].join('\n');
}
