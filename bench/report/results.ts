/** The shape of `bench/results.json`, and the helpers that turn measured runs into it. */
import type { SideRun } from '../measure/spawn-side.js';
import { num, ratio } from './format.js';
import type { SideReport } from '../measure/side-report.js';
import type { MachineInfo } from './machine.js';

export interface SideResult {
  /** `ours`, `@huggingface/hub`, `curl`, `sql` ... */
  side: string;
  ok: boolean;
  /** Why the side failed (a crash, a timeout, wrong bytes): its figures are then no win. */
  error?: string;
  wallSeconds: number;
  /** user + system CPU seconds of the side's process during the work, its child processes (git) included. */
  cpuSeconds: number;
  /** Of `cpuSeconds`, what child processes spent. */
  childrenCpuSeconds: number;
  userSeconds: number;
  systemSeconds: number;
  maxRssMb: number;
  /** Bytes the kernel charged the side for writing to storage (see side-report.ts). */
  diskWriteBytes: number;
  diskReadBytes: number;
  /** Case-specific figures (requests, bytes/s, ...). */
  metrics: Record<string, number | string | boolean | null>;
}

export interface TargetResult {
  case: string;
  name: string;
  /** The target as stated, e.g. `<= 300 MB`. */
  target: string;
  /** The measured figure, e.g. `212 MB`. */
  measured: string;
  /** null: not evaluated (a side failed, or the case did not run). */
  pass: boolean | null;
  note?: string;
}

export interface TableBlock {
  title: string;
  header: string[];
  rows: string[][];
  /** Per column: `l` left, `r` right. Default: first column left, the others right (numbers). */
  align?: ('l' | 'r')[];
}

export interface CaseResult {
  name: string;
  title: string;
  params: Record<string, unknown>;
  sides: SideResult[];
  tables: TableBlock[];
  targets: TargetResult[];
  notes: string[];
  /** Set when the case could not be measured, with the reason. */
  notMeasured?: string;
  /** 1-minute load average before and after the case (a busy machine skews the figures). */
  load?: { before: number; after: number };
  /** Anything else worth keeping (per-kill figures, per-rep runs). */
  details?: unknown;
}

/** A case that could not be measured: no sides, no tables, the reason. */
export function notMeasured(base: Pick<CaseResult, 'name' | 'title' | 'params'>, reason: string): CaseResult {
  return { ...base, sides: [], tables: [], targets: [], notes: [], notMeasured: reason };
}

export interface BenchResults {
  tool: 'hf-torrent bench';
  mode: string;
  seed: string;
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  /** What code was measured: the commit, and whether src/ had uncommitted changes (null outside a git checkout). */
  revision: { commit: string; dirty: boolean } | null;
  /** Free text given with --label (e.g. where a snapshot came from). */
  label?: string;
  cases: CaseResult[];
  targets: TargetResult[];
}

export const MB = 1024 * 1024;

export function sideFromReport(side: string, report: SideReport | null, error?: string): SideResult {
  return {
    side,
    ok: report !== null && report.error === undefined && error === undefined,
    error: error ?? report?.error ?? (report === null ? 'no report (crashed or killed)' : undefined),
    wallSeconds: report?.workSeconds ?? NaN,
    cpuSeconds:
      report === null ? NaN : report.userSeconds + report.systemSeconds + (report.childrenCpuSeconds ?? 0),
    childrenCpuSeconds: report?.childrenCpuSeconds ?? 0,
    userSeconds: report?.userSeconds ?? NaN,
    systemSeconds: report?.systemSeconds ?? NaN,
    maxRssMb: report === null ? NaN : report.maxRssKb / 1024,
    diskWriteBytes: report?.diskWriteBytes ?? NaN,
    diskReadBytes: report?.diskReadBytes ?? NaN,
    metrics: {},
  };
}

/** A side result from a Node child; `problem` marks it failed (wrong output, bad exit code). */
export function sideFromRun(side: string, run: SideRun<unknown>, problem?: string): SideResult {
  const why =
    problem ??
    (run.timedOut
      ? 'timed out'
      : run.report === null
        ? `exited ${run.exitCode ?? run.signal} without a report: ${lastLine(run.stderrTail)}`
        : undefined);
  return sideFromReport(side, run.report, why);
}

export function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines.slice(-3).join(' | ').slice(0, 400);
}

/**
 * What the select and report cases end with: the wall-time ratio of ours to the floor, and the time target
 * (stated at 3M models; a smaller run says at how many it was measured).
 */
export function timeAgainstFloor(input: {
  caseName: string;
  title: string;
  ours: SideResult;
  floor: SideResult;
  targetSeconds: number;
  fullScale: boolean;
  models: string;
  /** How the ratio's title names the floor. */
  floorName: string;
}): { table: TableBlock; target: TargetResult } {
  const { ours, floor } = input;
  return {
    table: {
      title: `${input.title}: ratio (ours / ${input.floorName})`,
      header: ['figure', 'ratio'],
      rows: [['wall time', ratio(ours.wallSeconds / floor.wallSeconds)]],
    },
    target: {
      case: input.caseName,
      name: 'time',
      target: `<= ${input.targetSeconds} s`,
      measured: `${num(ours.wallSeconds, 2)} s`,
      pass: ours.ok ? ours.wallSeconds <= input.targetSeconds : null,
      note: input.fullScale ? undefined : `at ${input.models} models; the target is stated at 3M`,
    },
  };
}
