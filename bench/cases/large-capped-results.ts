/**
 * The large-capped case's sides by name, and how its outcomes read: a table per set, the ratios of the same
 * run, the targets, and a note per side that could not be measured.
 */
import { int, num, ratio } from '../report/format.js';
import type { SideResult, TableBlock, TargetResult } from '../report/results.js';
import type { RepoSet } from '../download/expected-files.js';

export const SIDE_ARIA = 'aria2c (resolved URLs)';
export const SIDE_FLOOR = 'node floor (undici ranges, no checks)';
export const SIDE_OURS = 'ours (hftorrent download)';
export const SIDE_PEER = '@huggingface/hub snapshotDownload';
export const SIDE_PYTHON = 'hf download (huggingface_hub)';
export const SIDES = [SIDE_ARIA, SIDE_FLOOR, SIDE_OURS, SIDE_PEER, SIDE_PYTHON] as const;
export type SideName = (typeof SIDES)[number];

/** One set's runs of every side, and the median run of each. */
export interface SetOutcome {
  set: RepoSet;
  sides: Record<SideName, SideResult>;
  runs: Record<SideName, SideResult[]>;
}

const MB = 1e6;

const bps = (side: SideResult): number => Number(side.metrics.bytesPerSecond);
const perGB = (side: SideResult): number => Number(side.metrics.cpuSecondsPerGB);
const measured = (side: SideResult): boolean => side.ok;
const why = (side: SideResult): string =>
  side.metrics.notMeasured !== undefined ? `not measured: ${String(side.metrics.notMeasured)}` : 'failed';

export function setTable(o: SetOutcome): TableBlock {
  const { set } = o;
  return {
    title:
      `6. Large files from a capped CDN, ${set.plan.name}: ${int(set.files.length)} files, ` +
      `${num(set.bytes / MB, 0)} MB (${set.plan.title})`,
    header: [
      'side',
      'ok',
      'MB/s',
      'wall s',
      'CPU s',
      'CPU s/GB',
      'emulator CPU s',
      'peak RSS MB',
      'resolve req/file',
      'CDN requests',
      'served/needed',
    ],
    rows: SIDES.map((n) => {
      const s = o.sides[n];
      return [
        n,
        s.ok
          ? 'yes'
          : s.metrics.notMeasured !== undefined
            ? 'not measured'
            : `NO: ${s.error ?? ''}`.slice(0, 70),
        num(bps(s) / MB, 0),
        num(s.wallSeconds, 2),
        num(s.cpuSeconds, 2),
        num(perGB(s), 2),
        num(Number(s.metrics.emulatorCpuSeconds), 2),
        num(s.maxRssMb, 0),
        num(Number(s.metrics.resolvePerFile), 2),
        int(Number(s.metrics.cdnRequests)),
        num(Number(s.metrics.contentBytesServed) / set.bytes, 3),
      ];
    }),
  };
}

function ratioCell(a: SideResult, b: SideResult, value: (s: SideResult) => number): string {
  if (!measured(a)) return 'n/a (ours failed)';
  if (!measured(b)) return b.metrics.notMeasured !== undefined ? 'n/a (not measured)' : 'n/a (failed)';
  return ratio(value(a) / value(b));
}

/** One line per side that could not be measured, with the reason (once per reason). */
export function unmeasuredNotes(outcomes: readonly SetOutcome[]): string[] {
  const reasons = new Map<string, string[]>();
  for (const o of outcomes)
    for (const n of SIDES) {
      const reason = o.sides[n].metrics.notMeasured;
      if (reason === undefined) continue;
      const key = `${n}: ${String(reason)}`;
      reasons.set(key, [...(reasons.get(key) ?? []), o.set.plan.name]);
    }
  return [...reasons].map(([key, sets]) => `not measured (${sets.join(', ')}): ${key}`);
}

export function targetsOf(o: SetOutcome): TargetResult[] {
  const ours = o.sides[SIDE_OURS];
  const vs = (other: SideName, name: string, wanted: number): TargetResult => {
    const peer = o.sides[other];
    const value = bps(ours) / bps(peer);
    const evaluable = measured(ours) && measured(peer);
    return {
      case: `large-capped ${o.set.plan.name}`,
      name,
      target: `>= ${wanted.toFixed(2)}x`,
      measured: evaluable ? ratio(value) : '-',
      pass: evaluable ? value >= wanted : null,
      note: evaluable ? undefined : measured(ours) ? why(peer).slice(0, 60) : 'ours failed',
    };
  };
  return [
    vs(SIDE_ARIA, 'throughput vs aria2c', 0.95),
    vs(SIDE_PEER, 'throughput vs official JS client', 4),
    vs(SIDE_PYTHON, 'throughput vs hf download (Python)', 4),
  ];
}

export function ratiosTable(outcomes: readonly SetOutcome[]): TableBlock {
  return {
    title: '6. Large files from a capped CDN: ratios of the same run',
    header: [
      'set',
      'ours / aria2c',
      'ours / official JS',
      'ours / hf download',
      'CPU s/GB ours / node floor',
      'CPU s/GB ours / aria2c',
    ],
    rows: outcomes.map((o) => {
      const ours = o.sides[SIDE_OURS];
      return [
        o.set.plan.name,
        ratioCell(ours, o.sides[SIDE_ARIA], bps),
        ratioCell(ours, o.sides[SIDE_PEER], bps),
        ratioCell(ours, o.sides[SIDE_PYTHON], bps),
        ratioCell(ours, o.sides[SIDE_FLOOR], perGB),
        ratioCell(ours, o.sides[SIDE_ARIA], perGB),
      ];
    }),
  };
}
