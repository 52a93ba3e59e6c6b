/** The figures about lineage, the download run and the snapshots' history. */
import * as Plot from '@observablehq/plot';
import { countFigure } from './figures-catalog.js';
import { byteUnit, bytes, count, emptyFigure, share, type Figure, type Section } from './figure.js';
import { barsSvg, plotSvg } from './plot-svg.js';
import type { DownloadFacts, ReportData } from './report-data.js';

export function lineageSection(d: ReportData): Section {
  const l = d.lineage;
  const edges = l.edgesByRelation.reduce((n, r) => n + r.count, 0);
  const depthTitle = 'Models by lineage chain depth';
  const depths: Figure =
    l.depths.length === 0
      ? emptyFigure('depths', depthTitle, 'No model names a base model.', ['depth', 'models'])
      : {
          id: 'depths',
          title: depthTitle,
          caption:
            'Base-model hops from a model up to one without a base (1: its base is an original), following the ' +
            'first base of each model (a merge has several).',
          svg: plotSvg({
            height: 240,
            x: { label: 'chain depth (hops)', type: 'band' },
            y: { label: 'models', grid: true },
            marks: [Plot.barY(l.depths, { x: 'depth', y: 'count' }), Plot.ruleY([0])],
          }),
          mark: 'bar',
          table: {
            header: ['depth', 'models'],
            rows: l.depths.map((r) => [String(r.depth), count(r.count)]),
          },
        };
  const basesTitle = 'Base models with the most derived models';
  const bases: Figure =
    l.topBases.length === 0
      ? emptyFigure('bases', basesTitle, 'No model names a base model.', [
          'base model',
          'children',
          'descendants',
        ])
      : {
          id: 'bases',
          title: basesTitle,
          caption:
            'Models naming it as a base directly (bars), and its descendants over every generation (table), for ' +
            'the 20 bases with the most direct children.',
          svg: barsSvg(
            l.topBases.map((b) => ({ label: b.id, value: b.children })),
            'direct children (models)',
          ),
          mark: 'bar',
          table: {
            header: ['base model', 'children', 'descendants'],
            rows: l.topBases.map((b) => [b.id, count(b.children), count(b.descendants)]),
          },
        };
  return {
    id: 'lineage',
    title: 'Lineage',
    facts: [['lineage edges', `${count(edges)} (from the base_model tags and the model cards' base_model)`]],
    figures: [
      countFigure(
        'relations',
        'Lineage edges per relation',
        'Edges from a model to its base, by the relation the tag or the card names ("unknown": neither does).',
        l.edgesByRelation,
        'relation',
        'edges',
      ),
      depths,
      bases,
    ],
  };
}

export function downloadSection(d: ReportData): Section {
  const dl = d.download;
  if (dl === null) {
    return {
      id: 'download',
      title: 'The download',
      facts: [['download', 'nothing yet: run `hftorrent download`']],
      figures: [],
    };
  }
  const repos = dl.byState.reduce((n, s) => n + s.repos, 0);
  const reasons = dl.reasons.map((r) => ({ key: `${r.state}: ${r.reason}`, count: r.repos }));
  const states: Figure = {
    ...countFigure(
      'states',
      'Repos by download state',
      'Every repo the download was asked for, by its state in the ledger; bytes: the content of its files.',
      dl.byState.map((s) => ({ key: s.state, count: s.repos })),
      'state',
      'repos',
    ),
    table: {
      header: ['state', 'repos', 'share', 'bytes'],
      rows: dl.byState.map((s) => [s.state, count(s.repos), share(s.repos, repos), bytes(s.bytes)]),
    },
  };
  return {
    id: 'download',
    title: 'The download',
    facts: [
      ['repos', count(repos)],
      ['content verified', bytes(dl.contentBytes)],
      [
        'on disk',
        `${bytes(dl.diskBytes)} (${(dl.diskBytes / Math.max(dl.contentBytes, 1)).toFixed(2)}× content)`,
      ],
    ],
    figures: [
      states,
      countFigure(
        'reasons',
        'Skip and failure reasons',
        'Skipped: the Hub said why (gated, not found, disabled) or a filter or budget left the repo out; failed: our reason.',
        reasons,
        'reason',
        'repos',
      ),
      diskFigure(dl),
      throughputFigure(dl),
      largestFigure(dl),
    ],
  };
}

function diskFigure(dl: DownloadFacts): Figure {
  const rows = [
    { label: 'content verified', value: dl.contentBytes },
    { label: 'on disk', value: dl.diskBytes },
  ];
  const unit = byteUnit(Math.max(dl.contentBytes, dl.diskBytes));
  return {
    id: 'disk',
    title: 'Bytes on disk vs content',
    caption:
      'The file content of the verified repos, and what they take on disk (git clones add .git; HTTP downloads ' +
      'take their content).',
    svg: barsSvg(
      rows.map((r) => ({ label: r.label, value: r.value / unit.divisor })),
      unit.name,
    ),
    mark: 'bar',
    table: { header: ['what', 'bytes'], rows: rows.map((r) => [r.label, bytes(r.value)]) },
  };
}

function throughputFigure(dl: DownloadFacts): Figure {
  const title = 'Throughput over the run';
  if (dl.throughput.length === 0) {
    return emptyFigure('throughput', title, 'No repo has been verified yet.', ['from', 'repos', 'MB/s']);
  }
  const step = dl.bucketSeconds * 1000;
  const rows = dl.throughput.map((b) => ({
    x1: new Date(b.start),
    x2: new Date(Date.parse(b.start) + step),
    rate: b.bytes / 1e6 / dl.bucketSeconds,
    repos: b.repos,
    start: b.start,
  }));
  return {
    id: 'throughput',
    title,
    caption:
      `Content bytes of the repos verified in each ${dl.bucketSeconds} s of the run, per second (from the ` +
      "ledger's start and finish times; a repo counts when it finished).",
    svg: plotSvg({
      height: 260,
      x: { type: 'utc', label: 'time (UTC)' },
      y: { label: 'MB/s', grid: true },
      marks: [Plot.rectY(rows, { x1: 'x1', x2: 'x2', y: 'rate', insetLeft: 0.5 }), Plot.ruleY([0])],
    }),
    mark: 'rect',
    table: {
      header: ['from', 'repos verified', 'MB/s'],
      rows: rows.map((r) => [r.start, count(r.repos), r.rate.toFixed(2)]),
    },
  };
}

function largestFigure(dl: DownloadFacts): Figure {
  const unit = byteUnit(dl.largest[0]?.bytes ?? 0);
  return {
    id: 'largest',
    title: 'Largest repos',
    caption:
      'The 20 repos with the most content bytes (the files the download fetches), whatever their state.',
    svg: barsSvg(
      dl.largest.map((r) => ({ label: r.id, value: r.bytes / unit.divisor })),
      unit.name,
    ),
    mark: 'bar',
    table: {
      header: ['repo', 'state', 'files', 'bytes'],
      rows: dl.largest.map((r) => [r.id, r.state, count(r.files), bytes(r.bytes)]),
    },
  };
}

export function historySection(d: ReportData): Section | null {
  const rows = d.snapshots;
  if (rows.length < 2) return null;
  const figure: Figure = {
    id: 'snapshots',
    title: 'Models per snapshot',
    caption:
      'Every crawl of this catalog, oldest first. Only the newest finished snapshot keeps its model rows; older ' +
      'ones keep their counts.',
    svg: barsSvg(
      rows.map((s) => ({ label: `#${s.id} ${s.startedAt.slice(0, 10)}`, value: s.models })),
      'models',
    ),
    mark: 'bar',
    table: {
      header: ['snapshot', 'status', 'started', 'finished', 'models', 'change'],
      rows: rows.map((s, i) => {
        const before = i > 0 ? rows[i - 1]?.models : undefined;
        const change =
          before === undefined ? '' : `${s.models >= before ? '+' : ''}${count(s.models - before)}`;
        return [
          `#${s.id}`,
          s.status + (s.pruned ? ' (rows pruned)' : ''),
          s.startedAt,
          s.finishedAt ?? '',
          count(s.models),
          change,
        ];
      }),
    },
  };
  return { id: 'history', title: 'Snapshots', facts: [], figures: [figure] };
}
