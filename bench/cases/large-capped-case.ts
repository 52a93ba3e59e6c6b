/**
 * Case 6, large files from a capped CDN (issue 11): the emulator's CDN caps each connection (40 MB/s) and its
 * link, as the Hub's CDN does, and serves one very large LFS file, then eight large ones. Ours (default
 * settings: parts over several connections) against aria2c's parallel ranges over the same pre-resolved
 * URLs, the official clients (one connection per file) and the node floor in ranges. Every side's files are
 * hashed afterwards, as in the download case.
 */
import { join } from 'node:path';
import {
  aria2Missing,
  hfMissing,
  runAria2,
  runFloorRanges,
  runHfDownload,
} from '../download/capped-sides.js';
import {
  expectedRepoSet,
  repoSetHubOptions,
  type ExpectedFile,
  type RepoSet,
} from '../download/expected-files.js';
import { resolveFiles, type ResolvedFile } from '../download/resolve-urls.js';
import {
  curlLocate,
  oursLocate,
  peerLocate,
  runOurs,
  runPeer,
  syncDisks,
  writeUrlsFile,
} from '../download/sides.js';
import { verifyFiles } from '../download/verify-files.js';
import { startEmulatorProcess, type EmulatorProcess } from '../emulator/emulator-process.js';
import { makeTempDir, releaseTempDir } from '../measure/cleanup.js';
import type { CommandRun } from '../measure/time-command.js';
import type { RepoSetPlan } from '../plan.js';
import { num } from '../report/format.js';
import {
  lastLine,
  sideFromReport,
  sideFromRun,
  type CaseResult,
  type SideResult,
} from '../report/results.js';
import type { CaseContext } from './context.js';
import { median, warmUp } from './download-case.js';
import {
  ratiosTable,
  setTable,
  SIDE_ARIA,
  SIDE_FLOOR,
  SIDE_OURS,
  SIDE_PEER,
  SIDE_PYTHON,
  SIDES,
  targetsOf,
  unmeasuredNotes,
  type SetOutcome,
  type SideName,
} from './large-capped-results.js';

/** Sides whose speed the per-connection cap sets: run `peerReps` times. */
const PEERS: readonly SideName[] = [SIDE_PEER, SIDE_PYTHON];

const MB = 1e6;
/** Terminal color codes (ESC [ ... m) in a CLI's stderr. */
const ANSI_COLOR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const GB = 1e9;

interface CappedSet {
  set: RepoSet;
  emulator: EmulatorProcess;
  resolved: ResolvedFile[];
}

/** A side that could not run here (a tool missing, a client that cannot talk to this emulator). */
function unmeasured(name: SideName, reason: string): SideResult {
  const side = sideFromReport(name, null, `not measured: ${reason}`);
  side.metrics.notMeasured = reason;
  return side;
}

function commandSide(name: SideName, run: CommandRun): SideResult {
  const tool = name === SIDE_ARIA ? 'aria2c' : 'hf download';
  return sideFromReport(
    name,
    run.report,
    run.timedOut
      ? 'timed out'
      : run.exitCode !== 0
        ? `${tool} exit ${run.exitCode}: ${lastLine(run.stderrTail)}`
        : undefined,
  );
}

/** Runs one side once into `dir`; returns its result and where it put every file. */
async function runSide(
  name: SideName,
  capped: CappedSet,
  dir: string,
  ctx: CaseContext,
): Promise<{ side: SideResult; locate: (file: ExpectedFile) => string }> {
  const plan = ctx.plan.largeCapped;
  const { set, emulator, resolved } = capped;
  const timeout = plan.timeoutMillis;
  const connections = plan.aria2Connections;
  switch (name) {
    case SIDE_ARIA: {
      const run = await runAria2(resolved, dir, { connections, parallelFiles: plan.parallelFiles }, timeout);
      return { side: commandSide(name, run), locate: curlLocate(dir) };
    }
    case SIDE_FLOOR: {
      const options = { parallelFiles: plan.parallelFiles, ranges: plan.floorRanges, connections };
      const run = await runFloorRanges(resolved, dir, options, timeout);
      return { side: sideFromRun(name, run), locate: curlLocate(dir) };
    }
    case SIDE_OURS: {
      const urls = join(dir, 'split_url_bench.txt');
      writeUrlsFile(urls, emulator.endpoint, set);
      const run = await runOurs(emulator.endpoint, join(dir, 'data'), urls, timeout);
      const data = run.report?.data;
      const problem =
        data !== undefined && data.exitCode !== 0
          ? `exit ${data.exitCode}: ${lastLine(data.stderrTail)}`
          : undefined;
      return { side: sideFromRun(name, run, problem), locate: oursLocate(join(dir, 'data')) };
    }
    case SIDE_PEER: {
      const run = await runPeer(set, emulator.endpoint, join(dir, 'cache'), timeout);
      return { side: sideFromRun(name, run), locate: peerLocate(join(dir, 'cache')) };
    }
    case SIDE_PYTHON: {
      const cache = join(dir, 'cache');
      const run = await runHfDownload(set, emulator.endpoint, cache, plan.parallelFiles, timeout);
      return { side: commandSide(name, run), locate: peerLocate(cache) };
    }
  }
}

async function measureOnce(name: SideName, capped: CappedSet, ctx: CaseContext): Promise<SideResult> {
  const dir = makeTempDir(`capped-${capped.set.plan.name}`);
  try {
    await capped.emulator.reset();
    const { side, locate } = await runSide(name, capped, dir, ctx);
    const stats = await capped.emulator.stats();
    const check = await verifyFiles(capped.set.files, locate);
    if (check.verified !== check.files && side.ok) {
      side.ok = false;
      side.error = `${check.problemCount} of ${check.files} files wrong or missing: ${check.problems.join('; ')}`;
    }
    const { bytes } = capped.set;
    const files = capped.set.files.length;
    Object.assign(side.metrics, {
      bytes,
      files,
      bytesPerSecond: bytes / side.wallSeconds,
      cpuSecondsPerGB: side.cpuSeconds / (bytes / GB),
      resolvePerFile: (stats.byKind.resolve ?? 0) / files,
      cdnRequests: stats.byKind.cdn ?? 0,
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

/**
 * huggingface_hub follows the resolve 302 itself when the CDN is on the Hub's host and then misses
 * X-Repo-Commit, which only the 302 carries. The emulator's CDN listens on 127.0.0.2 for that reason; where
 * that address cannot be bound it shares the Hub's host, which is this machine's setup, not the client's speed,
 * so the side is then reported as not measured with the client's own words.
 */
function pythonCannotRun(side: SideResult): string | null {
  if (side.ok || side.error === undefined || !side.error.includes('X-Repo-Commit')) return null;
  // the client's own error line, without the CLI's colored hints around it
  const plain = side.error.replace(ANSI_COLOR, '');
  const words = /Error: [^|]*/.exec(plain)?.[0] ?? plain;
  return (
    "hf download cannot read X-Repo-Commit here (the emulator's CDN shares the Hub's host: 127.0.0.2 could not be bound, so the client " +
    `follows the 302 to it and misses the header, which only the 302 carries): ${words.trim().slice(0, 300)}`
  );
}

async function runSet(setPlan: RepoSetPlan, ctx: CaseContext): Promise<SetOutcome> {
  const plan = ctx.plan.largeCapped;
  const set = expectedRepoSet(setPlan, ctx.plan.seed);
  const emulator = await startEmulatorProcess({
    ...repoSetHubOptions(setPlan, ctx.plan.seed),
    cdnConnectionBytesPerSecond: plan.connectionBytesPerSecond,
    cdnLinkBytesPerSecond: plan.linkBytesPerSecond,
  });
  const runs = Object.fromEntries(SIDES.map((n) => [n, [] as SideResult[]])) as Record<
    SideName,
    SideResult[]
  >;
  const missing: Partial<Record<SideName, string>> = {};
  const aria = aria2Missing();
  if (aria !== null) missing[SIDE_ARIA] = aria;
  const python = hfMissing();
  if (python !== null) missing[SIDE_PYTHON] = python;
  try {
    await warmUp(emulator, set);
    const capped: CappedSet = { set, emulator, resolved: await resolveFiles(emulator.endpoint, set) };
    for (let rep = 0; rep < plan.reps; rep++) {
      for (const name of SIDES) {
        if (PEERS.includes(name) && rep >= plan.peerReps) continue;
        const reason = missing[name];
        if (reason !== undefined) {
          if (rep === 0) runs[name].push(unmeasured(name, reason));
          continue;
        }
        const files = `${set.files.length} files, ${num(set.bytes / MB, 0)} MB`;
        ctx.log(`large-capped ${setPlan.name}: ${name} (run ${rep + 1}, ${files})`);
        const side = await measureOnce(name, capped, ctx);
        const cannot = name === SIDE_PYTHON ? pythonCannotRun(side) : null;
        if (cannot !== null) {
          missing[name] = cannot;
          runs[name].push(unmeasured(name, cannot));
          ctx.log(`large-capped: ${name} not measured: ${cannot}`);
        } else runs[name].push(side);
      }
    }
  } finally {
    await emulator.close();
  }
  const sides = Object.fromEntries(SIDES.map((n) => [n, median(runs[n])])) as Record<SideName, SideResult>;
  return { set, sides, runs };
}

export async function largeCappedCase(ctx: CaseContext): Promise<CaseResult> {
  const plan = ctx.plan.largeCapped;
  const outcomes: SetOutcome[] = [];
  for (const setPlan of plan.sets) outcomes.push(await runSet(setPlan, ctx));
  const tables = outcomes.map(setTable);
  tables.push(ratiosTable(outcomes));
  const sizes = outcomes.map((o) => `${o.set.plan.name} ${o.set.plan.title}`).join('; ');
  return {
    name: 'large-capped',
    title: '6. Large files from a capped CDN',
    params: {
      sets: plan.sets.map((s) => ({ name: s.name, repos: s.repos, profile: s.profile })),
      reps: plan.reps,
      peerReps: plan.peerReps,
      connectionBytesPerSecond: plan.connectionBytesPerSecond,
      linkBytesPerSecond: plan.linkBytesPerSecond,
      aria2Connections: plan.aria2Connections,
      parallelFiles: plan.parallelFiles,
      floorRanges: plan.floorRanges,
    },
    sides: outcomes.flatMap((o) => SIDES.map((n) => ({ ...o.sides[n], side: `${o.set.plan.name}: ${n}` }))),
    tables,
    targets: outcomes.flatMap(targetsOf),
    notes: [
      `large-capped: the CDN caps each connection at ${num(plan.connectionBytesPerSecond / MB, 0)} MB/s and its link at ` +
        `${num(plan.linkBytesPerSecond / MB, 0)} MB/s (MB = 10^6 B). Sizes: ${sizes}. Ours runs hftorrent download --urls ` +
        `with its defaults (large files in parts, --connections 16); aria2c runs -x${plan.aria2Connections} -s${plan.aria2Connections} ` +
        `-j${plan.parallelFiles} --file-allocation=falloc over URLs resolved before timing; the node floor fetches the same URLs ` +
        `${plan.floorRanges} ranges per file over ${plan.aria2Connections} connections and checks nothing; the official JS client runs ` +
        `snapshotDownload (one file after the other, one connection each); hf download runs with --max-workers ${plan.parallelFiles}. ` +
        `Median of ${plan.reps} interleaved runs for ours, aria2c and the floor, ${plan.peerReps} for the official clients ` +
        '(their time is the per-connection cap). CPU s/GB: user + system CPU of the side per 10^9 bytes verified.',
      ...unmeasuredNotes(outcomes),
    ],
    details: outcomes.map((o) => ({
      set: o.set.plan.name,
      files: o.set.files.length,
      bytes: o.set.bytes,
      runs: o.runs,
    })),
  };
}
