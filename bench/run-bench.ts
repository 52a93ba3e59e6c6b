/** Runs the cases of a plan in order and assembles `BenchResults`; index.ts is the command line around it. */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { clusterCase } from './cases/cluster-case.js';
import { crawlCase } from './cases/crawl-case.js';
import type { CaseContext } from './cases/context.js';
import { downloadCase } from './cases/download-case.js';
import { gitCase } from './cases/git-case.js';
import { reportCase } from './cases/report-case.js';
import { researchCase } from './cases/research-case.js';
import { largeCappedCase } from './cases/large-capped-case.js';
import { resumeCase } from './cases/resume-case.js';
import { selectCase } from './cases/select-case.js';
import { removeTempDirs } from './measure/cleanup.js';
import type { BenchPlan, CaseName } from './plan.js';
import { machineInfo } from './report/machine.js';
import { notMeasured, type BenchResults, type CaseResult } from './report/results.js';

const CASES: Record<CaseName, (ctx: CaseContext) => Promise<CaseResult>> = {
  crawl: crawlCase,
  select: selectCase,
  research: researchCase,
  download: downloadCase,
  'large-capped': largeCappedCase,
  resume: resumeCase,
  git: gitCase,
  report: reportCase,
  cluster: clusterCase,
};

export interface RunBenchOptions {
  plan: BenchPlan;
  cases: readonly CaseName[];
  log?: (line: string) => void;
  label?: string;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The commit measured, and whether src/ differs from it (numbers from a dirty tree are not the commit's). */
function revision(): BenchResults['revision'] {
  const git = (args: string[]): string | null => {
    const r = spawnSync('git', ['-C', ROOT, ...args], { encoding: 'utf8', timeout: 10_000 });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  const commit = git(['rev-parse', 'HEAD']);
  if (commit === null) return null;
  return { commit, dirty: (git(['status', '--porcelain', '--', 'src']) ?? '') !== '' };
}

export async function runBench(options: RunBenchOptions): Promise<BenchResults> {
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const ctx: CaseContext = { plan: options.plan, log: options.log ?? (() => undefined), shared: {} };
  const cases: CaseResult[] = [];
  try {
    for (const name of options.cases) {
      const started = performance.now();
      const loadBefore = loadavg()[0] ?? 0;
      try {
        cases.push(await CASES[name](ctx));
      } catch (error) {
        // A case that breaks is reported as such; the others still run.
        const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
        cases.push(notMeasured({ name, title: name, params: {} }, `the case failed: ${reason}`));
      }
      // Other work on the machine skews every side: the load around each case goes into the results.
      const result = cases[cases.length - 1];
      if (result !== undefined) result.load = { before: loadBefore, after: loadavg()[0] ?? 0 };
      ctx.log(`${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    // Files were only emptied while measuring (measure/cleanup.ts): the folders go now, after the last case.
    removeTempDirs();
  }
  return {
    tool: 'hf-torrent bench',
    mode: options.plan.mode,
    seed: options.plan.seed,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    revision: revision(),
    label: options.label,
    cases,
    targets: cases.flatMap((c) => c.targets),
  };
}
