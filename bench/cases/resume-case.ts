/**
 * Case 4, resume cost: our download of one repo set, SIGKILLed at seeded random moments and run again until
 * it finishes. The emulator counts the bytes it sent per file, so that the bytes fetched twice (sent beyond
 * each file's size, over all runs) can be set against the bytes that were in flight at each kill: sent by
 * the server but on disk neither in a final file nor in a partial one when the process died (in socket
 * buffers, in the client's memory). A client that keeps every byte it wrote refetches exactly those.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, seedKey } from '../../src/emulator/index.js';
import { startEmulatorProcess } from '../emulator/emulator-process.js';
import { expectedRepoSet, repoSetHubOptions, type ExpectedFile } from '../download/expected-files.js';
import type { RepoSetPlan } from '../plan.js';
import { oursLocate, runOurs, syncDisks, writeUrlsFile } from '../download/sides.js';
import { verifyFiles } from '../download/verify-files.js';
import { makeTempDir, releaseTempDir } from '../measure/cleanup.js';
import { int, mib, num } from '../report/format.js';
import {
  lastLine,
  notMeasured,
  type CaseResult,
  type TableBlock,
  type TargetResult,
} from '../report/results.js';
import { sleep, type CaseContext } from './context.js';
import { warmUp } from './download-case.js';

interface KillRecord {
  attempt: number;
  delayMillis: number;
  /** False when the run finished before the kill was due. */
  killed: boolean;
  /** Content bytes the emulator sent during this run. */
  servedBytes: number;
  /** Of those, bytes of files that were not at their final path after the kill (partial data included). */
  unfinishedBytes: number;
  /** Bytes sent during this run that are on disk neither in final nor in partial files after the kill. */
  inFlightBytes: number;
  /** Files and bytes at their final path after the kill. */
  finalFiles: number;
  finalBytes: number;
  /** Bytes in `.incomplete` staging files after the kill (partial data kept for the next run). */
  partialBytes: number;
}

/** Lets the server notice the dead sockets before its counters are read. */
const SETTLE_MILLIS = 300;

function diff(now: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(now)) out[key] = value - (before[key] ?? 0);
  return out;
}

function sizeOf(path: string): number | null {
  try {
    const info = statSync(path);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}

function treeBytes(dir: string): number {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(path);
    else if (entry.isFile()) total += sizeOf(path) ?? 0;
  }
  return total;
}

interface SetResume {
  tables: TableBlock[];
  target: TargetResult;
  details: unknown;
}

export async function resumeCase(ctx: CaseContext): Promise<CaseResult> {
  const base = {
    name: 'resume',
    title: '4. Resume cost',
    params: { sets: ctx.plan.resume.sets, kills: ctx.plan.resume.kills },
  };
  const plans: RepoSetPlan[] = [];
  for (const name of ctx.plan.resume.sets) {
    const plan = ctx.plan.download.sets.find((s) => s.name === name);
    if (plan === undefined) return notMeasured(base, `no repo set ${name}`);
    plans.push(plan);
  }
  const results: SetResume[] = [];
  for (const plan of plans) results.push(await resumeSet(plan, ctx));
  return {
    ...base,
    sides: [],
    tables: results.flatMap((r) => r.tables),
    targets: results.map((r) => r.target),
    notes: [
      'resume: kill moments are seeded (same seed, same moments relative to the start of the work), spread over ' +
        '10-90% of the time the bytes or files still to fetch (the larger share) took in the download case. "In flight" ' +
        'at a kill = bytes the emulator sent in that run minus what the run added to final and partial files ' +
        '(so: bytes in socket buffers and in the client when it died). Fetched twice = bytes sent beyond each ' +
        "file's size over all runs; a client that keeps all it wrote refetches exactly the bytes in flight.",
    ],
    details: results.map((r) => r.details),
  };
}

async function resumeSet(setPlan: RepoSetPlan, ctx: CaseContext): Promise<SetResume> {
  const set = expectedRepoSet(setPlan, ctx.plan.seed);
  const timeout = ctx.plan.resume.timeoutMillis;
  // the kill moments repeat run after run
  const rng = new Rng(seedKey(`${ctx.plan.seed}-resume-${setPlan.name}`).words[0]);
  const emulator = await startEmulatorProcess(repoSetHubOptions(setPlan, ctx.plan.seed));
  const dir = makeTempDir('resume');
  const dataDir = join(dir, 'data');
  const urls = join(dir, 'split_url_bench.txt');
  const locate = oursLocate(dataDir);
  const kills: KillRecord[] = [];
  try {
    await warmUp(emulator, set);
    writeUrlsFile(urls, emulator.endpoint, set);
    let baselineSeconds = ctx.shared.oursDownloadSeconds?.[setPlan.name];
    if (baselineSeconds === undefined) {
      // No download case ran: time one uninterrupted run to place the kills.
      const scratch = makeTempDir('resume-baseline');
      try {
        const run = await runOurs(emulator.endpoint, join(scratch, 'data'), urls, timeout);
        baselineSeconds = run.report?.workSeconds ?? 5;
      } finally {
        releaseTempDir(scratch);
        syncDisks();
      }
      await emulator.reset();
    }
    let before: Record<string, number> = {};
    let finalBefore = 0;
    let partialBefore = 0;
    for (let attempt = 1; attempt <= ctx.plan.resume.kills; attempt++) {
      // What is left to fetch, by bytes (partial data counts as fetched) or by files, whichever share is
      // larger: small files cost time out of proportion to their size.
      const done = set.files.filter((f) => sizeOf(locate(f)) === f.size);
      const partial = treeBytes(join(dataDir, 'huggingface', 'repos', '.incomplete'));
      const remaining = Math.max(
        0.05,
        1 - (done.reduce((sum, f) => sum + f.size, 0) + partial) / set.bytes,
        1 - done.length / set.files.length,
      );
      const delayMillis = Math.max(
        50,
        Math.round((0.1 + 0.8 * rng.float()) * remaining * baselineSeconds * 1000),
      );
      ctx.log(`resume: run ${attempt}, SIGKILL ${delayMillis} ms after its work starts`);
      const run = await runOurs(emulator.endpoint, dataDir, urls, timeout, {
        killAfterStartMillis: delayMillis,
      });
      await sleep(SETTLE_MILLIS);
      const stats = await emulator.stats({ perFile: true });
      const now = stats.perFile ?? {};
      const served = diff(now, before);
      before = now;
      const final: ExpectedFile[] = [];
      const open: ExpectedFile[] = [];
      for (const f of set.files) (sizeOf(locate(f)) === f.size ? final : open).push(f);
      const servedBytes = Object.values(served).reduce((a, b) => a + b, 0);
      const finalBytes = final.reduce((sum, f) => sum + f.size, 0);
      const partialBytes = treeBytes(join(dataDir, 'huggingface', 'repos', '.incomplete'));
      kills.push({
        attempt,
        delayMillis,
        killed: run.killed && run.signal === 'SIGKILL',
        servedBytes,
        unfinishedBytes: open.reduce((sum, f) => sum + (served[f.contentKey] ?? 0), 0),
        // every byte sent in this run went into a file that became final, into partial data, or nowhere yet
        inFlightBytes: servedBytes - (finalBytes - finalBefore) - (partialBytes - partialBefore),
        finalFiles: final.length,
        finalBytes,
        partialBytes,
      });
      finalBefore = finalBytes;
      partialBefore = partialBytes;
      if (!run.killed) break; // it finished before the kill was due: nothing left to interrupt
    }
    ctx.log('resume: final run to completion');
    const last = await runOurs(emulator.endpoint, dataDir, urls, timeout);
    const stats = await emulator.stats({ perFile: true });
    const totals = stats.perFile ?? {};
    const check = await verifyFiles(set.files, locate);
    const fetchedTwice = set.files.reduce(
      (sum, f) => sum + Math.max(0, (totals[f.contentKey] ?? 0) - f.size),
      0,
    );
    const inFlight = kills.reduce((sum, k) => sum + (k.killed ? k.inFlightBytes : 0), 0);
    const unfinished = kills.reduce((sum, k) => sum + (k.killed ? k.unfinishedBytes : 0), 0);
    const killedRuns = kills.filter((k) => k.killed).length;
    const lastData = last.report?.data;
    const problem =
      lastData === undefined
        ? `the final run left no report: ${lastLine(last.stderrTail)}`
        : lastData.exitCode !== 0
          ? `the final run exited ${lastData.exitCode}: ${lastLine(lastData.stderrTail)}`
          : check.verified !== check.files
            ? `${check.problemCount} files wrong or missing after resuming: ${check.problems.join('; ')}`
            : null;
    const lastSummary = lastData?.summary as
      { bytes?: { reused?: number; fetched?: number } } | null | undefined;
    return {
      tables: [
        {
          title: `4. Resume, ${set.plan.name} (${set.repos.length} repos, ${int(set.files.length)} files, ${mib(set.bytes)}), ${killedRuns} SIGKILLs then a run to the end`,
          header: [
            'run',
            'kill after ms',
            'served MiB',
            'for unfinished files MiB',
            'in flight at kill MiB',
            'partial on disk MiB',
            'final files',
            'final MiB',
          ],
          rows: [
            ...kills.map((k) => [
              `${k.attempt}${k.killed ? '' : ' (finished first)'}`,
              int(k.delayMillis),
              num(k.servedBytes / 2 ** 20, 1),
              num(k.unfinishedBytes / 2 ** 20, 1),
              num(k.inFlightBytes / 2 ** 20, 2),
              num(k.partialBytes / 2 ** 20, 1),
              `${int(k.finalFiles)}/${int(set.files.length)}`,
              num(k.finalBytes / 2 ** 20, 1),
            ]),
            [
              'last (to the end)',
              '-',
              '-',
              '-',
              '-',
              `reused ${num((lastSummary?.bytes?.reused ?? NaN) / 2 ** 20, 1)}`,
              `${int(check.verified)}/${int(set.files.length)} verified`,
              num(set.bytes / 2 ** 20, 1),
            ],
          ],
        },
        {
          title: `4. Resume, ${set.plan.name}: bytes fetched twice against bytes in flight at the kills`,
          header: ['figure', 'MiB'],
          rows: [
            ['repo bytes', num(set.bytes / 2 ** 20, 2)],
            ['served over all runs', num(stats.contentBytes / 2 ** 20, 2)],
            ['fetched twice (served beyond each file size)', num(fetchedTwice / 2 ** 20, 2)],
            ['in flight at the kills: sent, not on disk (sum)', num(inFlight / 2 ** 20, 2)],
            [
              'sent for files unfinished at the kills, partial data included (sum)',
              num(unfinished / 2 ** 20, 2),
            ],
          ],
        },
      ],
      target: {
        case: `resume ${set.plan.name}`,
        name: 'bytes fetched twice vs in flight at the kills',
        target: '<= in-flight bytes',
        measured: `${int(fetchedTwice)} B vs ${int(inFlight)} B in flight (${killedRuns} kills)`,
        pass: problem !== null || killedRuns === 0 ? null : fetchedTwice <= inFlight,
        note: problem ?? (killedRuns === 0 ? 'no run was killed before it finished' : undefined),
      },
      details: {
        set: set.plan.name,
        kills,
        fetchedTwice,
        inFlight,
        unfinished,
        finalRun: lastSummary,
        problem,
      },
    };
  } finally {
    await emulator.close();
    releaseTempDir(dir);
    syncDisks();
  }
}
