/**
 * Case 2b, research tables: (a) what deriving them costs the crawl: our crawl of the same listing again with
 * `--no-relations`, against the crawl case's CPU (which derived them); (b) `export --format parquet` of every
 * table from the crawl case's catalog (after select): wall time and peak RSS.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulatorProcess } from '../emulator/emulator-process.js';
import { makeTempDir, releaseTempDir } from '../measure/cleanup.js';
import { spawnSide } from '../measure/spawn-side.js';
import { int, num } from '../report/format.js';
import { notMeasured, sideFromRun, type CaseResult, type TargetResult } from '../report/results.js';
import type { CliData } from '../sides/cli-ours.mjs';
import type { CaseContext } from './context.js';

const OVERHEAD_TARGET = 0.25;
const EXPORT_SECONDS_TARGET = 120;
const EXPORT_RSS_TARGET_MB = 500;

function failure(run: { report: { data?: CliData } | null }): string | undefined {
  const data = run.report?.data;
  return data && data.exitCode !== 0
    ? `exit ${data.exitCode}: ${data.stderrTail.trim().slice(-300)}`
    : undefined;
}

export async function researchCase(ctx: CaseContext): Promise<CaseResult> {
  const { models, timeoutMillis: crawlTimeout } = ctx.plan.crawl;
  const { timeoutMillis } = ctx.plan.research;
  const base = { name: 'research', title: '2b. Research tables', params: { models } };
  const dataDir = ctx.shared.crawlDataDir;
  const withRelations = ctx.shared.crawlCpuSeconds;
  if (dataDir === undefined || withRelations === undefined) {
    return notMeasured(base, 'no catalog: the crawl or select case did not run or failed');
  }

  ctx.log(`research: our crawl of ${int(models)} models without the research tables`);
  const emulator = await startEmulatorProcess({
    models,
    seed: `${ctx.plan.seed}-crawl`,
    sizes: 'tiny',
    specials: true,
  });
  const bareDir = makeTempDir('crawl-bare');
  let bare;
  try {
    bare = await spawnSide<CliData>({
      script: 'cli-ours.mjs',
      spec: {
        argv: ['crawl', '--no-relations', '--data-dir', bareDir, '--endpoint', emulator.endpoint, '--json'],
      },
      timeoutMillis: crawlTimeout,
    });
  } finally {
    await emulator.close();
    releaseTempDir(bareDir);
  }
  const bareSide = sideFromRun('ours, crawl --no-relations', bare, failure(bare));

  ctx.log(`research: export --format parquet of ${int(models)} models`);
  const exported = await spawnSide<CliData>({
    script: 'cli-ours.mjs',
    spec: { argv: ['export', '--format', 'parquet', '--data-dir', dataDir, '--json'] },
    timeoutMillis,
  });
  const exportSide = sideFromRun('ours, export --format parquet', exported, failure(exported));
  const parquetDir = join(dataDir, 'huggingface', 'json', 'parquet');
  let files: string[] = [];
  try {
    files = readdirSync(parquetDir).filter((f) => f.endsWith('.parquet'));
  } catch {
    exportSide.ok = false;
    exportSide.error ??= 'no json/parquet folder';
  }
  const parquetMb = files.reduce((n, f) => n + statSync(join(parquetDir, f)).size, 0) / 2 ** 20;
  exportSide.metrics.files = files.length;
  exportSide.metrics.parquetMb = parquetMb;

  const overhead = withRelations / bareSide.cpuSeconds - 1;
  const scale = ctx.plan.mode === 'full' ? undefined : `at ${int(models)} models; the target is stated at 3M`;
  const targets: TargetResult[] = [
    {
      case: 'research',
      name: 'crawl CPU added by the derived tables',
      target: `<= +${OVERHEAD_TARGET * 100}%`,
      measured: `${overhead >= 0 ? '+' : ''}${num(overhead * 100, 1)}% (${num(withRelations, 2)} s vs ${num(bareSide.cpuSeconds, 2)} s)`,
      pass: bareSide.ok ? overhead <= OVERHEAD_TARGET : null,
      note: ctx.plan.mode === 'full' ? 'at 3M models; the target is stated at 100k' : undefined,
    },
    {
      case: 'research',
      name: 'Parquet export time',
      target: `<= ${EXPORT_SECONDS_TARGET} s`,
      measured: `${num(exportSide.wallSeconds, 1)} s`,
      pass: exportSide.ok ? exportSide.wallSeconds <= EXPORT_SECONDS_TARGET : null,
      note: scale,
    },
    {
      case: 'research',
      name: 'Parquet export peak RSS',
      target: `<= ${EXPORT_RSS_TARGET_MB} MB`,
      measured: `${num(exportSide.maxRssMb, 0)} MB`,
      pass: exportSide.ok ? exportSide.maxRssMb <= EXPORT_RSS_TARGET_MB : null,
      note: scale,
    },
  ];
  const sides = [bareSide, exportSide];
  return {
    ...base,
    sides,
    tables: [
      {
        title: `2b. Research tables over ${int(models)} models`,
        header: ['side', 'ok', 'wall s', 'CPU s', 'peak RSS MB', 'Parquet files', 'Parquet MB'],
        rows: [
          ['ours, crawl (derives the tables)', 'yes', '-', num(withRelations, 2), '-', '-', '-'],
          ...sides.map((s) => [
            s.side,
            s.ok ? 'yes' : `NO: ${s.error ?? ''}`.slice(0, 60),
            num(s.wallSeconds, 1),
            num(s.cpuSeconds, 2),
            num(s.maxRssMb, 0),
            s.metrics.files === undefined ? '-' : int(Number(s.metrics.files)),
            s.metrics.parquetMb === undefined ? '-' : num(Number(s.metrics.parquetMb), 1),
          ]),
        ],
      },
    ],
    targets,
    notes: [
      'research: the crawl without the tables runs against a fresh emulator process with the same listing; its CPU ' +
        "is compared with the crawl case's. The export writes every table (the seed JSON files are left out); " +
        'DuckDB works with a 128 MB memory limit and spills to a temp file beside the output.',
    ],
  };
}
