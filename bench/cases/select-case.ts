/**
 * Case 2, select: our `hftorrent select --shrinkage F` over the catalog the crawl case built, against the
 * bare SQL query for the same ranking on the same file (the floor). Both outputs must list the same URLs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, releaseTempDir } from '../measure/cleanup.js';
import { spawnSide } from '../measure/spawn-side.js';
import { int, num } from '../report/format.js';
import {
  notMeasured,
  sideFromRun,
  timeAgainstFloor,
  type CaseResult,
  type SideResult,
} from '../report/results.js';
import type { CliData } from '../sides/cli-ours.mjs';
import type { CaseContext } from './context.js';

const TARGET_SECONDS = 5;

export async function selectCase(ctx: CaseContext): Promise<CaseResult> {
  const { shrinkage, timeoutMillis } = ctx.plan.select;
  const dataDir = ctx.shared.crawlDataDir;
  const models = ctx.shared.crawlModels ?? 0;
  const base = {
    name: 'select',
    title: `2. Select (top ${shrinkage * 100}%)`,
    params: { shrinkage, models },
  };
  if (dataDir === undefined) {
    return notMeasured(base, 'no catalog: the crawl case did not run or failed');
  }
  ctx.log(`select: ours, top ${shrinkage * 100}% of ${int(models)}`);
  const ours = await spawnSide<CliData>({
    script: 'cli-ours.mjs',
    spec: { argv: ['select', '--shrinkage', String(shrinkage), '--data-dir', dataDir, '--json'] },
    timeoutMillis,
  });
  const summary = ours.report?.data?.summary as
    { files?: string[]; selection?: { count?: number; endpoint?: string } } | null | undefined;
  let oursDigest: string | null = null;
  if (summary?.files !== undefined) {
    const hash = createHash('sha256');
    for (const file of summary.files) hash.update(readFileSync(file));
    oursDigest = hash.digest('hex');
  }
  const oursSide = sideFromRun(
    'ours (hftorrent select)',
    ours,
    ours.report?.data && ours.report.data.exitCode !== 0
      ? `exit ${ours.report.data.exitCode}: ${ours.report.data.stderrTail.trim().slice(-300)}`
      : undefined,
  );
  oursSide.metrics.selected = summary?.selection?.count ?? null;

  ctx.log('select: bare SQL on the same catalog');
  const scratch = makeTempDir('select-sql');
  let sqlSide: SideResult;
  try {
    const sql = await spawnSide<{ count: number; sha256: string }>({
      script: 'select-sql.mjs',
      spec: {
        catalogFile: join(dataDir, 'huggingface', 'catalog.db'),
        shrinkage,
        endpoint: summary?.selection?.endpoint ?? '',
        outFile: join(scratch, 'urls.txt'),
      },
      timeoutMillis,
    });
    sqlSide = sideFromRun('bare SQL (floor)', sql);
    sqlSide.metrics.selected = sql.report?.data?.count ?? null;
    const same = oursDigest !== null && sql.report?.data?.sha256 === oursDigest;
    oursSide.metrics.sameUrlsAsSql = same;
    if (!same && oursSide.ok) {
      oursSide.ok = false;
      oursSide.error = 'its split_urls differ from the SQL ranking';
    }
  } finally {
    releaseTempDir(scratch);
  }
  const sides = [oursSide, sqlSide];
  const timed = timeAgainstFloor({
    caseName: 'select',
    title: '2. Select',
    ours: oursSide,
    floor: sqlSide,
    targetSeconds: TARGET_SECONDS,
    fullScale: ctx.plan.mode === 'full',
    models: int(models),
    floorName: 'bare SQL',
  });
  return {
    ...base,
    sides,
    tables: [
      {
        title: `2. Select: top ${shrinkage * 100}% of ${int(models)} catalogued models`,
        header: ['side', 'ok', 'selected', 'wall s', 'CPU s', 'peak RSS MB'],
        rows: sides.map((s) => [
          s.side,
          s.ok ? 'yes' : `NO: ${s.error ?? ''}`.slice(0, 60),
          int(Number(s.metrics.selected)),
          num(s.wallSeconds, 2),
          num(s.cpuSeconds, 2),
          num(s.maxRssMb, 0),
        ]),
      },
      timed.table,
    ],
    targets: [timed.target],
    notes: [
      'select: the time includes taking the data-dir lock, storing the selection and writing 100 split_urls files; ' +
        'the floor only reads the ranking and writes one file. Both lists are compared byte for byte.',
    ],
  };
}
