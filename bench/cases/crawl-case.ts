/**
 * Case 1, crawl: our `hftorrent crawl` end to end into a temp data dir, against `@huggingface/hub`
 * `listModels` with the same expand fields writing a JSON file, over one emulated listing of N models.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { CRAWL_EXPAND } from '../../src/crawl/index.js';
import { startEmulatorProcess, type EmulatorProcess } from '../emulator/emulator-process.js';
import type { ServedStats } from '../emulator/protocol.js';
import { makeTempDir, releaseTempDir } from '../measure/cleanup.js';
import { spawnSide } from '../measure/spawn-side.js';
import { int, num, ratio } from '../report/format.js';
import { sideFromRun, type CaseResult, type SideResult, type TargetResult } from '../report/results.js';
import type { CliData } from '../sides/cli-ours.mjs';
import type { CaseContext } from './context.js';

/** What listModels always asks for; the rest of our expand list goes in `additionalFields`. */
const PEER_ALWAYS = ['pipeline_tag', 'private', 'gated', 'downloads', 'likes', 'lastModified'];
const PEER_PAGE_SIZE = 500; // hard-coded in @huggingface/hub listModels
const RSS_TARGET_MB = 300;

function retries(stats: ServedStats): number {
  const ok = stats.byStatus['200'] ?? 0;
  return stats.requests - ok;
}

/** A few unmeasured pages so the emulator's JIT is warm for the first side measured. */
async function warmUp(emulator: EmulatorProcess): Promise<void> {
  let url: string | null =
    `${emulator.endpoint}/api/models?${CRAWL_EXPAND.map((e) => `expand=${e}`).join('&')}&limit=1000`;
  for (let i = 0; i < 3 && url !== null; i++) {
    const response: Response = await fetch(url);
    await response.arrayBuffer();
    url = /^<([^>]+)>/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
  }
  await emulator.reset();
}

export async function crawlCase(ctx: CaseContext): Promise<CaseResult> {
  const { models, pageSize, timeoutMillis } = ctx.plan.crawl;
  const emulator = await startEmulatorProcess({
    models,
    seed: `${ctx.plan.seed}-crawl`,
    sizes: 'tiny',
    specials: true,
  });
  const sides: SideResult[] = [];
  const targets: TargetResult[] = [];
  const notes: string[] = [];
  let oursDir: string | undefined;
  try {
    await warmUp(emulator);

    // Ours first: any warmth left in the emulator then favours the peer.
    ctx.log(`crawl: ours over ${int(models)} models`);
    oursDir = makeTempDir('crawl-ours');
    const ours = await spawnSide<CliData>({
      script: 'cli-ours.mjs',
      spec: { argv: ['crawl', '--data-dir', oursDir, '--endpoint', emulator.endpoint, '--json'] },
      timeoutMillis,
    });
    const oursStats = await emulator.stats();
    const oursSummary = ours.report?.data?.summary as { snapshot?: { models?: number } } | null | undefined;
    const oursModels = oursSummary?.snapshot?.models ?? null;
    const oursSide = sideFromRun(
      'ours (hftorrent crawl)',
      ours,
      ours.report?.data && ours.report.data.exitCode !== 0
        ? `exit ${ours.report.data.exitCode}: ${ours.report.data.stderrTail.trim().slice(-300)}`
        : oursModels !== null && oursModels !== models
          ? `catalogued ${oursModels} models, expected ${models}`
          : undefined,
    );
    Object.assign(oursSide.metrics, {
      models: oursModels,
      pageSize,
      listRequests: oursStats.byKind.list ?? 0,
      expectedRequests: Math.ceil(models / pageSize),
      retries: retries(oursStats),
      bodyBytes: oursStats.bodyBytes,
      emulatorCpuSeconds: oursStats.cpuSeconds,
      outputBytes: dirBytes(join(oursDir, 'huggingface')),
    });
    sides.push(oursSide);
    await emulator.reset();

    ctx.log(`crawl: @huggingface/hub listModels over ${int(models)} models`);
    const peerDir = makeTempDir('crawl-peer');
    try {
      const peer = await spawnSide<{ items: number }>({
        script: 'crawl-peer.mjs',
        spec: {
          hubUrl: emulator.endpoint,
          additionalFields: CRAWL_EXPAND.filter((f) => !PEER_ALWAYS.includes(f)),
          outFile: join(peerDir, 'models.json'),
        },
        timeoutMillis,
      });
      const peerStats = await emulator.stats();
      const peerItems = peer.report?.data?.items ?? null;
      const peerSide = sideFromRun(
        '@huggingface/hub listModels',
        peer,
        peerItems !== null && peerItems !== models
          ? `wrote ${peerItems} items, expected ${models}`
          : undefined,
      );
      Object.assign(peerSide.metrics, {
        models: peerItems,
        pageSize: PEER_PAGE_SIZE,
        listRequests: peerStats.byKind.list ?? 0,
        expectedRequests: Math.ceil(models / PEER_PAGE_SIZE),
        retries: retries(peerStats),
        bodyBytes: peerStats.bodyBytes,
        emulatorCpuSeconds: peerStats.cpuSeconds,
        outputBytes: fileBytes(join(peerDir, 'models.json')),
      });
      sides.push(peerSide);
    } finally {
      releaseTempDir(peerDir);
    }
  } finally {
    await emulator.close();
  }

  for (const side of sides) {
    const m = Number(side.metrics.models ?? models);
    side.metrics.modelsPerSecond = m / side.wallSeconds;
    side.metrics.cpuSecondsPer1000 = side.cpuSeconds / (models / 1000);
  }
  const [ours, peer] = sides as [SideResult, SideResult];
  const scale = ctx.plan.mode === 'full' ? '' : `at ${int(models)} models; the target is stated at 3M`;
  targets.push({
    case: 'crawl',
    name: 'peak RSS',
    target: `<= ${RSS_TARGET_MB} MB`,
    measured: `${num(ours.maxRssMb, 0)} MB`,
    pass: ours.ok ? ours.maxRssMb <= RSS_TARGET_MB : null,
    note: scale || undefined,
  });
  const cpuRatio = Number(ours.metrics.cpuSecondsPer1000) / Number(peer.metrics.cpuSecondsPer1000);
  targets.push({
    case: 'crawl',
    name: 'client CPU per 1,000 models vs official',
    target: '<= 0.50x',
    measured: `${ratio(cpuRatio)} (${num(Number(ours.metrics.cpuSecondsPer1000), 3)} s vs ${num(Number(peer.metrics.cpuSecondsPer1000), 3)} s)`,
    pass: ours.ok && peer.ok ? cpuRatio <= 0.5 : null,
  });
  const wanted = Number(ours.metrics.expectedRequests) + Number(ours.metrics.retries);
  targets.push({
    case: 'crawl',
    name: 'list requests',
    target: `= ceil(N/${pageSize}) + retries = ${int(wanted)}`,
    measured: int(Number(ours.metrics.listRequests)),
    pass: ours.ok ? Number(ours.metrics.listRequests) === wanted : null,
  });
  notes.push(
    `crawl: emulator in its own process; each client in its own process, CPU and RSS from process.resourceUsage() ` +
      `(module loading excluded from CPU and time, included in peak RSS). The official client's page size is fixed at ${PEER_PAGE_SIZE}.`,
  );
  if (oursDir !== undefined) {
    ctx.shared.crawlDataDir = oursDir;
    ctx.shared.crawlModels = models;
    ctx.shared.crawlCpuSeconds = ours.ok ? ours.cpuSeconds : undefined;
  }
  return {
    name: 'crawl',
    title: `1. Crawl (${int(models)} models, expand=${CRAWL_EXPAND.length} fields)`,
    params: { models, pageSize, expand: [...CRAWL_EXPAND] },
    sides,
    tables: [
      {
        title: `1. Crawl: ${int(models)} models with cardData, config, siblings (${CRAWL_EXPAND.length} expand fields)`,
        header: [
          'side',
          'ok',
          'models/s',
          'CPU s / 1k models',
          'CPU s',
          'wall s',
          'emulator CPU s',
          'peak RSS MB',
          'list requests',
          'retries',
          'output MiB',
          'disk writes MiB',
        ],
        rows: sides.map((s) => [
          s.side,
          s.ok ? 'yes' : `NO: ${s.error ?? ''}`.slice(0, 60),
          int(Number(s.metrics.modelsPerSecond)),
          num(Number(s.metrics.cpuSecondsPer1000), 3),
          num(s.cpuSeconds, 1),
          num(s.wallSeconds, 1),
          num(Number(s.metrics.emulatorCpuSeconds), 1),
          num(s.maxRssMb, 0),
          `${int(Number(s.metrics.listRequests))} (ceil ${int(Number(s.metrics.expectedRequests))})`,
          int(Number(s.metrics.retries)),
          num(Number(s.metrics.outputBytes) / 2 ** 20, 0),
          num(s.diskWriteBytes / 2 ** 20, 0),
        ]),
      },
      {
        title: '1. Crawl: ratios (ours / official)',
        header: ['figure', 'ratio'],
        rows: [
          ['models/s', ratio(Number(ours.metrics.modelsPerSecond) / Number(peer.metrics.modelsPerSecond))],
          ['CPU s per 1,000 models', ratio(cpuRatio)],
          ['peak RSS', ratio(ours.maxRssMb / peer.maxRssMb)],
          ['disk writes', ratio(ours.diskWriteBytes / peer.diskWriteBytes)],
        ],
      },
    ],
    targets,
    notes,
  };
}

function fileBytes(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

function dirBytes(dir: string): number | null {
  try {
    let total = 0;
    for (const name of ['catalog.db', 'catalog.db-wal']) total += fileBytes(join(dir, name)) ?? 0;
    return total;
  } catch {
    return null;
  }
}
