/**
 * Case 6, report: our `hftorrent report` over the catalog the crawl case built (and the select case ranked,
 * when it ran), against the floor of one SQL read of every model row of the same file.
 */
import { join } from 'node:path';
import { spawnSide } from '../measure/spawn-side.js';
import { int, num } from '../report/format.js';
import { notMeasured, sideFromRun, timeAgainstFloor, type CaseResult } from '../report/results.js';
import type { CliData } from '../sides/cli-ours.mjs';
import type { CaseContext } from './context.js';

const TARGET_SECONDS = 60;

export async function reportCase(ctx: CaseContext): Promise<CaseResult> {
  const { timeoutMillis } = ctx.plan.report;
  const dataDir = ctx.shared.crawlDataDir;
  const models = ctx.shared.crawlModels ?? 0;
  const base = { name: 'report', title: `6. Report (${int(models)} models)`, params: { models } };
  if (dataDir === undefined) return notMeasured(base, 'no catalog: the crawl case did not run or failed');

  ctx.log(`report: ours over ${int(models)} models`);
  const ours = await spawnSide<CliData>({
    script: 'cli-ours.mjs',
    spec: { argv: ['report', '--data-dir', dataDir, '--json'] },
    timeoutMillis,
  });
  const summary = ours.report?.data?.summary as
    | { models?: number; bytes?: number; figures?: string[]; queryMillis?: number; renderMillis?: number }
    | null
    | undefined;
  const oursSide = sideFromRun(
    'ours (hftorrent report)',
    ours,
    ours.report?.data && ours.report.data.exitCode !== 0
      ? `exit ${ours.report.data.exitCode}: ${ours.report.data.stderrTail.trim().slice(-300)}`
      : summary?.models !== models
        ? `reported ${summary?.models ?? 'no'} models, expected ${models}`
        : undefined,
  );
  Object.assign(oursSide.metrics, {
    charts: summary?.figures?.length ?? null,
    pageBytes: summary?.bytes ?? null,
    querySeconds: (summary?.queryMillis ?? NaN) / 1000,
    renderSeconds: (summary?.renderMillis ?? NaN) / 1000,
  });

  ctx.log('report: the floor, one SQL read of every model row');
  const floor = await spawnSide<{ models: number }>({
    script: 'report-floor.mjs',
    spec: { catalogFile: join(dataDir, 'huggingface', 'catalog.db') },
    timeoutMillis,
  });
  const floorSide = sideFromRun('floor (one read of every row)', floor);
  const sides = [oursSide, floorSide];
  const timed = timeAgainstFloor({
    caseName: 'report',
    title: '6. Report',
    ours: oursSide,
    floor: floorSide,
    targetSeconds: TARGET_SECONDS,
    fullScale: ctx.plan.mode === 'full',
    models: int(models),
    floorName: 'floor',
  });
  return {
    ...base,
    sides,
    tables: [
      {
        title: `6. Report: ${int(models)} catalogued models`,
        header: ['side', 'ok', 'wall s', 'SQL s', 'drawing s', 'CPU s', 'peak RSS MB', 'charts', 'page kB'],
        rows: sides.map((s) => [
          s.side,
          s.ok ? 'yes' : `NO: ${s.error ?? ''}`.slice(0, 60),
          num(s.wallSeconds, 2),
          num(Number(s.metrics.querySeconds), 2),
          num(Number(s.metrics.renderSeconds), 2),
          num(s.cpuSeconds, 2),
          num(s.maxRssMb, 0),
          s.metrics.charts === undefined ? '' : int(Number(s.metrics.charts)),
          s.metrics.pageBytes === undefined ? '' : num(Number(s.metrics.pageBytes) / 1000, 0),
        ]),
      },
      timed.table,
    ],
    targets: [timed.target],
    notes: [
      'report: the time is the command end to end after module loading (opening the catalog read-only, the ' +
        'aggregates, drawing every chart, writing index.html); the floor reads every model row once and ' +
        'draws nothing.',
    ],
  };
}
