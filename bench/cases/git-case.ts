/**
 * Case 5, git method: the same repo sets downloaded by `hftorrent download --method git` (LFS files
 * deduplicated by hard links, and with `--no-dedupe`) against the HTTP method: time, CPU (git and git-lfs
 * child processes included), and bytes on disk under `repos/` (`du`: hard links once, `.git` included).
 */
import { join } from 'node:path';
import { diskBytes } from '../download/disk-usage.js';
import { expectedRepoSet, repoSetHubOptions, type RepoSet } from '../download/expected-files.js';
import { oursLocate, runOurs, syncDisks, writeUrlsFile } from '../download/sides.js';
import { verifyFiles } from '../download/verify-files.js';
import { startEmulatorProcess, type EmulatorProcess } from '../emulator/emulator-process.js';
import { makeTempDir, releaseTempDir } from '../measure/cleanup.js';
import type { RepoSetPlan } from '../plan.js';
import { int, mib, num, ratio } from '../report/format.js';
import {
  lastLine,
  sideFromRun,
  type CaseResult,
  type SideResult,
  type TableBlock,
} from '../report/results.js';
import type { CaseContext } from './context.js';
import { warmUp } from './download-case.js';

/** Git mode is there when its folder has code (the CLI refuses `--method git` otherwise anyway). */
const VARIANTS: ReadonlyArray<{ name: string; args: string[] }> = [
  { name: 'http (default)', args: [] },
  { name: 'git (dedupe)', args: ['--method', 'git'] },
  { name: 'git --no-dedupe', args: ['--method', 'git', '--no-dedupe'] },
];

async function measureVariant(
  variant: (typeof VARIANTS)[number],
  set: RepoSet,
  emulator: EmulatorProcess,
  ctx: CaseContext,
): Promise<SideResult> {
  const dir = makeTempDir(`git-${set.plan.name}`);
  try {
    const dataDir = join(dir, 'data');
    const urls = join(dir, 'split_url_bench.txt');
    writeUrlsFile(urls, emulator.endpoint, set);
    await emulator.reset();
    const run = await runOurs(emulator.endpoint, dataDir, urls, ctx.plan.git.timeoutMillis, {
      extraArgs: variant.args,
    });
    const stats = await emulator.stats();
    const data = run.report?.data;
    const side = sideFromRun(
      variant.name,
      run,
      data !== undefined && data.exitCode !== 0
        ? `exit ${data.exitCode}: ${lastLine(data.stderrTail)}`
        : undefined,
    );
    const check = await verifyFiles(set.files, oursLocate(dataDir));
    if (check.verified !== check.files && side.ok) {
      side.ok = false;
      side.error = `${check.problemCount} of ${check.files} files wrong or missing: ${check.problems.join('; ')}`;
    }
    const onDisk = await diskBytes(join(dataDir, 'huggingface', 'repos'));
    Object.assign(side.metrics, {
      contentBytes: set.bytes,
      diskBytes: onDisk,
      diskPerContent: onDisk / set.bytes,
      bytesPerSecond: set.bytes / side.wallSeconds,
      requests: stats.requests,
      gitRequests: stats.byKind.git ?? 0,
      lfsBatchRequests: stats.byKind['lfs-batch'] ?? 0,
      contentBytesServed: stats.contentBytes,
      bodyBytesServed: stats.bodyBytes,
      verifiedFiles: check.verified,
    });
    return side;
  } finally {
    releaseTempDir(dir);
    syncDisks();
  }
}

async function gitSet(plan: RepoSetPlan, ctx: CaseContext): Promise<{ set: RepoSet; sides: SideResult[] }> {
  const set = expectedRepoSet(plan, ctx.plan.seed);
  const emulator = await startEmulatorProcess(repoSetHubOptions(plan, ctx.plan.seed));
  const sides: SideResult[] = [];
  try {
    await warmUp(emulator, set);
    for (const variant of VARIANTS) {
      ctx.log(`git ${plan.name}: ${variant.name} (${set.files.length} files, ${mib(set.bytes)})`);
      sides.push(await measureVariant(variant, set, emulator, ctx));
    }
  } finally {
    await emulator.close();
  }
  return { set, sides };
}

export async function gitCase(ctx: CaseContext): Promise<CaseResult> {
  const base = { name: 'git', title: '5. Git method', params: { sets: ctx.plan.git.sets } };
  const outcomes: Array<{ set: RepoSet; sides: SideResult[] }> = [];
  for (const name of ctx.plan.git.sets) {
    const plan = ctx.plan.download.sets.find((s) => s.name === name);
    if (plan === undefined) throw new Error(`git case: no repo set ${name}`);
    outcomes.push(await gitSet(plan, ctx));
  }
  const tables: TableBlock[] = outcomes.map(({ set, sides }) => {
    const http = sides[0] as SideResult;
    return {
      title: `5. Git method, ${set.plan.name}: ${set.repos.length} repos, ${int(set.files.length)} files, ${mib(set.bytes)} of content`,
      header: [
        'method',
        'ok',
        'wall s',
        'time vs http',
        'CPU s (git procs)',
        'MiB on disk',
        'disk / content',
        'disk vs http',
        'served MiB',
        'node peak RSS MB',
      ],
      rows: sides.map((s) => [
        s.side,
        s.ok ? 'yes' : `NO: ${s.error ?? ''}`.slice(0, 70),
        num(s.wallSeconds, 2),
        ratio(s.wallSeconds / http.wallSeconds),
        `${num(s.cpuSeconds, 2)} (${num(s.childrenCpuSeconds, 2)})`,
        num(Number(s.metrics.diskBytes) / 2 ** 20, 1),
        num(Number(s.metrics.diskPerContent), 2),
        ratio(Number(s.metrics.diskBytes) / Number(http.metrics.diskBytes)),
        num(Number(s.metrics.bodyBytesServed) / 2 ** 20, 1),
        num(s.maxRssMb, 0),
      ]),
    };
  });
  return {
    ...base,
    sides: outcomes.flatMap((o) => o.sides.map((s) => ({ ...s, side: `${o.set.plan.name}: ${s.side}` }))),
    tables,
    targets: [],
    notes: [
      'git: one run per method and set, each into a fresh data dir, files hashed afterwards like every side. ' +
        'Disk is `du` of repos/ (hard links counted once, .git included); CPU includes the git and git-lfs ' +
        'processes (cutime/cstime), peak RSS is the node process only. The issue states no target for git mode.',
    ],
  };
}
