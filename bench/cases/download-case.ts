/**
 * Case 3, download: three repo sets (many small files, few large files, a realistic mix), each fetched by
 * curl (the raw limit), by ours and by the official client, from the same emulator, same repos, same
 * commits. Every side's output is hashed and compared with the expected content before its speed counts.
 */
import { join } from 'node:path';
import { startEmulatorProcess, type EmulatorProcess } from '../emulator/emulator-process.js';
import {
  expectedRepoSet,
  repoSetHubOptions,
  type ExpectedFile,
  type RepoSet,
} from '../download/expected-files.js';
import {
  curlLocate,
  oursLocate,
  peerLocate,
  runCurl,
  runNodeFloor,
  runOurs,
  runPeer,
  syncDisks,
  writeUrlsFile,
} from '../download/sides.js';
import { verifyFiles } from '../download/verify-files.js';
import { makeTempDir, releaseTempDir } from '../measure/cleanup.js';
import { int, mib, num, ratio } from '../report/format.js';
import {
  lastLine,
  sideFromReport,
  sideFromRun,
  type CaseResult,
  type SideResult,
  type TableBlock,
  type TargetResult,
} from '../report/results.js';
import type { RepoSetPlan } from '../plan.js';
import type { CaseContext } from './context.js';

export const SIDE_CURL = 'curl (raw limit)';
export const SIDE_FLOOR = 'node floor (undici, no checks)';
export const SIDE_OURS = 'ours (hftorrent download)';
export const SIDE_PEER = '@huggingface/hub snapshotDownload';
const SIDES = [SIDE_CURL, SIDE_FLOOR, SIDE_OURS, SIDE_PEER] as const;
type SideName = (typeof SIDES)[number];

/** Builds each repo's commit in the emulator (file list, blob ids, LFS sha256) before anything is timed. */
export async function warmUp(emulator: EmulatorProcess, set: RepoSet): Promise<void> {
  for (const repo of set.repos) {
    const response = await fetch(
      `${emulator.endpoint}/api/models/${repo.id}/revision/${repo.sha}?blobs=true`,
    );
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`warm-up: model info of ${repo.id} answered ${response.status}`);
  }
  await emulator.reset();
}

async function measureOnce(
  name: SideName,
  set: RepoSet,
  emulator: EmulatorProcess,
  ctx: CaseContext,
): Promise<SideResult> {
  const timeout = ctx.plan.download.timeoutMillis;
  const dir = makeTempDir(`dl-${set.plan.name}`);
  try {
    let side: SideResult;
    let locate: (file: ExpectedFile) => string;
    await emulator.reset();
    if (name === SIDE_CURL) {
      const run = await runCurl(set, emulator.endpoint, dir, ctx.plan.download.curlParallel, timeout);
      side = sideFromReport(
        name,
        run.report,
        run.timedOut
          ? 'timed out'
          : run.exitCode !== 0
            ? `curl exit ${run.exitCode}: ${lastLine(run.stderrTail)}`
            : undefined,
      );
      locate = curlLocate(dir);
    } else if (name === SIDE_FLOOR) {
      const run = await runNodeFloor(set, emulator.endpoint, dir, ctx.plan.download.curlParallel, timeout);
      side = sideFromRun(name, run);
      locate = curlLocate(dir);
    } else if (name === SIDE_OURS) {
      const urls = join(dir, 'split_url_bench.txt');
      writeUrlsFile(urls, emulator.endpoint, set);
      const run = await runOurs(emulator.endpoint, join(dir, 'data'), urls, timeout);
      const data = run.report?.data;
      side = sideFromRun(
        name,
        run,
        data !== undefined && data.exitCode !== 0
          ? `exit ${data.exitCode}: ${lastLine(data.stderrTail)}`
          : undefined,
      );
      locate = oursLocate(join(dir, 'data'));
    } else {
      const run = await runPeer(set, emulator.endpoint, join(dir, 'cache'), timeout);
      side = sideFromRun(name, run);
      locate = peerLocate(join(dir, 'cache'));
    }
    const stats = await emulator.stats();
    const check = await verifyFiles(set.files, locate);
    if (check.verified !== check.files && side.ok) {
      side.ok = false;
      side.error = `${check.problemCount} of ${check.files} files wrong or missing: ${check.problems.join('; ')}`;
    }
    const files = set.files.length;
    Object.assign(side.metrics, {
      bytes: set.bytes,
      files,
      bytesPerSecond: set.bytes / side.wallSeconds,
      filesPerSecond: files / side.wallSeconds,
      resolvePerFile: (stats.byKind.resolve ?? 0) / files,
      requestsPerFile: stats.requests / files,
      apiRequests: (stats.byKind.info ?? 0) + (stats.byKind.tree ?? 0) + (stats.byKind['paths-info'] ?? 0),
      contentBytesServed: stats.contentBytes,
      emulatorCpuSeconds: stats.cpuSeconds,
      verifiedFiles: check.verified,
    });
    return side;
  } finally {
    releaseTempDir(dir);
    syncDisks();
  }
}

/** The median run by wall time; a failed run, when there is one, instead (a failure is never hidden). */
export function median(runs: SideResult[]): SideResult {
  const ok = runs.filter((r) => r.ok);
  if (ok.length < runs.length) return runs.find((r) => !r.ok) as SideResult; // a failure is never hidden
  const sorted = [...runs].sort((a, b) => a.wallSeconds - b.wallSeconds);
  return sorted[Math.floor((sorted.length - 1) / 2)] as SideResult;
}

interface SetOutcome {
  set: RepoSet;
  sides: Record<SideName, SideResult>;
  runs: Record<SideName, SideResult[]>;
}

async function runSet(plan: RepoSetPlan, ctx: CaseContext): Promise<SetOutcome> {
  const set = expectedRepoSet(plan, ctx.plan.seed);
  const emulator = await startEmulatorProcess(repoSetHubOptions(plan, ctx.plan.seed));
  const runs = Object.fromEntries(SIDES.map((n) => [n, [] as SideResult[]])) as Record<
    SideName,
    SideResult[]
  >;
  try {
    await warmUp(emulator, set);
    for (let rep = 0; rep < ctx.plan.download.reps; rep++) {
      for (const name of SIDES) {
        ctx.log(
          `download ${plan.name}: ${name} (run ${rep + 1}/${ctx.plan.download.reps}, ${set.files.length} files, ${mib(set.bytes)})`,
        );
        runs[name].push(await measureOnce(name, set, emulator, ctx));
      }
    }
  } finally {
    await emulator.close();
  }
  const sides = Object.fromEntries(SIDES.map((n) => [n, median(runs[n])])) as Record<SideName, SideResult>;
  return { set, sides, runs };
}

function bps(side: SideResult): number {
  return Number(side.metrics.bytesPerSecond);
}

export async function downloadCase(ctx: CaseContext): Promise<CaseResult> {
  const outcomes: SetOutcome[] = [];
  for (const plan of ctx.plan.download.sets) outcomes.push(await runSet(plan, ctx));
  ctx.shared.oursDownloadSeconds = Object.fromEntries(
    outcomes.map((o) => [o.set.plan.name, o.sides[SIDE_OURS].wallSeconds]),
  );

  const tables: TableBlock[] = [];
  const targets: TargetResult[] = [];
  for (const { set, sides } of outcomes) {
    tables.push({
      title: `3. Download, ${set.plan.name}: ${set.repos.length} repos, ${int(set.files.length)} files, ${mib(set.bytes)} (${set.plan.title})`,
      header: [
        'side',
        'ok',
        'MiB/s',
        'files/s',
        'resolve req/file',
        'req/file',
        'wall s',
        'CPU s',
        'emulator CPU s',
        'peak RSS MB',
        'disk writes MiB',
        'served/needed',
      ],
      rows: SIDES.map((n) => {
        const s = sides[n];
        return [
          n,
          s.ok ? 'yes' : `NO: ${s.error ?? ''}`.slice(0, 70),
          num(bps(s) / 2 ** 20, 1),
          int(Number(s.metrics.filesPerSecond)),
          num(Number(s.metrics.resolvePerFile), 2),
          num(Number(s.metrics.requestsPerFile), 2),
          num(s.wallSeconds, 2),
          num(s.cpuSeconds, 2),
          num(Number(s.metrics.emulatorCpuSeconds), 2),
          num(s.maxRssMb, 0),
          num(s.diskWriteBytes / 2 ** 20, 0),
          num(Number(s.metrics.contentBytesServed) / set.bytes, 3),
        ];
      }),
    });
    const ours = sides[SIDE_OURS];
    const vsPeer = bps(ours) / bps(sides[SIDE_PEER]);
    const vsCurl = bps(ours) / bps(sides[SIDE_CURL]);
    targets.push(
      {
        case: `download ${set.plan.name}`,
        name: 'throughput vs official client',
        target: '>= 3.00x',
        measured: ratio(vsPeer),
        pass: ours.ok && sides[SIDE_PEER].ok ? vsPeer >= 3 : null,
      },
      {
        case: `download ${set.plan.name}`,
        name: 'throughput vs curl limit',
        target: '>= 0.80x',
        measured: ratio(vsCurl),
        pass: ours.ok && sides[SIDE_CURL].ok ? vsCurl >= 0.8 : null,
      },
      {
        case: `download ${set.plan.name}`,
        name: 'resolve requests per file',
        target: '= 1',
        measured: num(Number(ours.metrics.resolvePerFile), 3),
        pass: ours.ok ? Number(ours.metrics.resolvePerFile) === 1 : null,
      },
    );
  }
  // All sets together: total bytes over total time, as one aggregate download (issue 4's figure).
  const total = (name: SideName): { bytes: number; seconds: number; ok: boolean } =>
    outcomes.reduce<{ bytes: number; seconds: number; ok: boolean }>(
      (acc, o) => ({
        bytes: acc.bytes + o.set.bytes,
        seconds: acc.seconds + o.sides[name].wallSeconds,
        ok: acc.ok && o.sides[name].ok,
      }),
      { bytes: 0, seconds: 0, ok: true },
    );
  const agg = Object.fromEntries(SIDES.map((n) => [n, total(n)])) as Record<
    SideName,
    ReturnType<typeof total>
  >;
  const aggRate = (n: SideName): number => agg[n].bytes / agg[n].seconds;
  const aggVsPeer = aggRate(SIDE_OURS) / aggRate(SIDE_PEER);
  const aggVsCurl = aggRate(SIDE_OURS) / aggRate(SIDE_CURL);
  const ratioOf = (a: number, b: number, ok: boolean): string => (ok ? ratio(a / b) : 'n/a');
  tables.push({
    title: '3. Download, all sets together: ratios',
    header: ['figure', 'ours / official', 'ours / curl', 'ours / node floor', 'node floor / curl'],
    rows: [
      [
        'aggregate bytes/s',
        ratio(aggVsPeer),
        ratio(aggVsCurl),
        ratioOf(aggRate(SIDE_OURS), aggRate(SIDE_FLOOR), agg[SIDE_FLOOR].ok),
        ratioOf(aggRate(SIDE_FLOOR), aggRate(SIDE_CURL), agg[SIDE_FLOOR].ok),
      ],
      ...outcomes.map((o) => [
        `${o.set.plan.name} bytes/s`,
        ratio(bps(o.sides[SIDE_OURS]) / bps(o.sides[SIDE_PEER])),
        ratio(bps(o.sides[SIDE_OURS]) / bps(o.sides[SIDE_CURL])),
        ratioOf(bps(o.sides[SIDE_OURS]), bps(o.sides[SIDE_FLOOR]), o.sides[SIDE_FLOOR].ok),
        ratioOf(bps(o.sides[SIDE_FLOOR]), bps(o.sides[SIDE_CURL]), o.sides[SIDE_FLOOR].ok),
      ]),
      ...outcomes.map((o) => [
        `${o.set.plan.name} peak RSS`,
        ratio(o.sides[SIDE_OURS].maxRssMb / o.sides[SIDE_PEER].maxRssMb),
        ratio(o.sides[SIDE_OURS].maxRssMb / o.sides[SIDE_CURL].maxRssMb),
        ratio(o.sides[SIDE_OURS].maxRssMb / o.sides[SIDE_FLOOR].maxRssMb),
        ratio(o.sides[SIDE_FLOOR].maxRssMb / o.sides[SIDE_CURL].maxRssMb),
      ]),
    ],
  });
  targets.push(
    {
      case: 'download all',
      name: 'aggregate throughput vs official client',
      target: '>= 3.00x',
      measured: ratio(aggVsPeer),
      pass: agg[SIDE_OURS].ok && agg[SIDE_PEER].ok ? aggVsPeer >= 3 : null,
    },
    {
      case: 'download all',
      name: 'aggregate throughput vs curl limit',
      target: '>= 0.80x',
      measured: ratio(aggVsCurl),
      pass: agg[SIDE_OURS].ok && agg[SIDE_CURL].ok ? aggVsCurl >= 0.8 : null,
    },
  );
  const reps = ctx.plan.download.reps;
  return {
    name: 'download',
    title: '3. Download',
    params: {
      sets: ctx.plan.download.sets.map((s) => ({ name: s.name, repos: s.repos, profile: s.profile })),
      reps,
      curlParallel: ctx.plan.download.curlParallel,
    },
    sides: outcomes.flatMap((o) => SIDES.map((n) => ({ ...o.sides[n], side: `${o.set.plan.name}: ${n}` }))),
    tables,
    targets,
    notes: [
      `download: ours runs hftorrent download --urls with its defaults (8 files in flight, every file hashed while written); curl runs ` +
        `--parallel-max ${ctx.plan.download.curlParallel} over the same resolve URLs with --location; the node floor fetches the same URLs ` +
        `with undici into fs write streams, ${ctx.plan.download.curlParallel} at a time, and checks nothing (a reference for what Node ` +
        `itself costs, not a rival); the official client ` +
        `runs snapshotDownload repo after repo, as it is called. ${reps > 1 ? `Median of ${reps} runs per side.` : 'One run per side.'} ` +
        `The emulator builds every commit before timing starts; the disks are synced between sides, and no file is deleted until the ` +
        `bench ends (see measure/cleanup.ts). Every side's files are hashed afterwards.`,
    ],
    details: outcomes.map((o) => ({
      set: o.set.plan.name,
      repos: o.set.repos.length,
      files: o.set.files.length,
      bytes: o.set.bytes,
      runs: o.runs,
    })),
  };
}
