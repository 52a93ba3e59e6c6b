/** The figures about the listing itself: the snapshot, popularity and composition. */
import * as Plot from '@observablehq/plot';
import { cellEdges } from './queries.js';
import { count, emptyFigure, share, type Figure, type Section } from './figure.js';
import { barsSvg, plotSvg } from './plot-svg.js';
import type { Count, ReportData } from './report-data.js';

/** Bars for a top-20-plus-other count. */
export function countFigure(
  id: string,
  title: string,
  caption: string,
  rows: readonly Count[],
  keyHeader: string,
  unit = 'models',
): Figure {
  if (rows.length === 0) return emptyFigure(id, title, `${caption} Nothing to count yet.`, [keyHeader, unit]);
  return {
    id,
    title,
    caption,
    svg: barsSvg(
      rows.map((r) => ({ label: r.key, value: r.count })),
      unit,
    ),
    mark: 'bar',
    table: { header: [keyHeader, unit], rows: rows.map((r) => [r.key, count(r.count)]) },
  };
}

/** Said only when the relation tables are missing: the figures they feed are empty, and why. */
function relationsFact(d: ReportData): Array<[string, string]> {
  if (d.relationsMissing === null) return [];
  return [
    [
      'research tables',
      `not derived for this snapshot (${d.relationsMissing}): the license, library, architecture, language, ` +
        'parameter and lineage figures stay empty until a report, export or crawl derives them',
    ],
  ];
}

export function snapshotSection(d: ReportData): Section {
  const s = d.snapshot;
  const facts: Array<[string, string]> =
    s === null
      ? [['crawl', 'none yet: run `hftorrent crawl`']]
      : [
          ['endpoint', s.endpoint],
          [
            'snapshot',
            `#${s.id}, ${s.status}${s.status === 'running' ? ' (partial: the crawl goes on)' : ''}`,
          ],
          ['crawled', `${s.startedAt} → ${s.finishedAt ?? 'not finished'}`],
          ['models listed', `${count(s.models)} in ${count(s.pages)} pages (query mode: ${s.queryMode})`],
          ...relationsFact(d),
        ];
  const months = d.createdPerMonth;
  const created: Figure =
    months.length === 0
      ? emptyFigure('created', 'Models created per month', 'No model has a creation date.', [
          'month',
          'models',
        ])
      : {
          id: 'created',
          title: 'Models created per month',
          caption:
            'Models of the snapshot by the month of their createdAt (UTC); repos without a date are left out.',
          svg: plotSvg({
            height: 260,
            x: { label: 'month created', type: 'utc' },
            y: { label: 'models', grid: true },
            marks: [
              Plot.rectY(months, {
                x: (m: { month: string }) => new Date(`${m.month}-01T00:00:00Z`),
                y: 'count',
                interval: 'month',
                title: (m: { month: string; count: number }) => `${m.month}: ${m.count}`,
              }),
              Plot.ruleY([0]),
            ],
          }),
          mark: 'rect',
          table: { header: ['month', 'models'], rows: months.map((m) => [m.month, count(m.count)]) },
        };
  return { id: 'snapshot', title: 'The snapshot', facts, figures: [created] };
}

export function popularitySection(d: ReportData): Section {
  const sel = d.selection;
  const facts: Array<[string, string]> = [];
  if (sel !== null) {
    const how = sel.top !== null ? `top ${count(sel.top)}` : `shrinkage ${sel.shrinkage ?? ''}`;
    facts.push(
      ['selection', `${count(sel.count)} of ${count(sel.total)} models (${how}), ${sel.createdAt}`],
      [
        'downloads covered',
        `${share(sel.downloadsSelected, sel.downloadsAll)} of all downloads (${count(sel.downloadsSelected)} of ${count(sel.downloadsAll)}, last 30 days)`,
      ],
    );
  } else {
    facts.push(['selection', 'none yet: run `hftorrent select`']);
  }
  facts.push(['models with 0 downloads', `${count(d.zeroDownloads)} (left out of the log-log curve)`]);
  return { id: 'popularity', title: 'Popularity', facts, figures: [rankFigure(d), likesFigure(d)] };
}

/** A square-ish chart with both axes logarithmic. */
function logLog(xLabel: string, yLabel: string): Pick<Plot.PlotOptions, 'height' | 'x' | 'y'> {
  return {
    height: 320,
    x: { type: 'log', label: xLabel, grid: true },
    y: { type: 'log', label: yLabel, grid: true },
  };
}

function rankFigure(d: ReportData): Figure {
  const points = d.downloadsByRank;
  const title = 'Downloads by rank';
  if (points.length === 0) {
    return emptyFigure('rank', title, 'No model has any download yet.', ['rank', 'downloads']);
  }
  const cut = d.selection?.count ?? 0;
  const marks: Plot.Markish[] = [
    Plot.line(points, { x: 'rank', y: 'downloads', strokeOpacity: 0.5 }),
    Plot.dot(points, { x: 'rank', y: 'downloads', r: 2, fill: 'currentColor', stroke: null }),
  ];
  if (cut > 0) {
    marks.push(
      Plot.ruleX([cut], { strokeDasharray: '4,3', className: 'cutoff' }),
      Plot.text([cut], {
        x: (v: number) => v,
        frameAnchor: 'top',
        dx: 4,
        textAnchor: 'start',
        text: () => `selection cut-off: rank ${count(cut)}`,
      }),
    );
  }
  return {
    id: 'rank',
    title,
    caption:
      'Downloads (last 30 days) of the model at each rank, both axes logarithmic: a straight line is a power law. ' +
      'The dashed line marks the last selected rank; the points are sampled ranks.',
    svg: plotSvg({ ...logLog('rank (1 = most downloaded)', 'downloads (30 days)'), marks }),
    mark: 'dot',
    table: {
      header: ['rank', 'downloads'],
      rows: points.map((p) => [count(p.rank), count(p.downloads)]),
    },
  };
}

function likesFigure(d: ReportData): Figure {
  const cells = d.likesVsDownloads.map((c) => {
    const [x1, x2] = cellEdges(c.downloads);
    const [y1, y2] = cellEdges(c.likes);
    return { x1, x2, y1, y2, count: c.count };
  });
  const title = 'Likes vs downloads';
  if (cells.length === 0) return emptyFigure('likes', title, 'No models.', ['downloads', 'likes', 'models']);
  const range = (a: number, b: number): string => `${count(Math.ceil(a - 1))}–${count(Math.ceil(b - 1) - 1)}`;
  return {
    id: 'likes',
    title,
    caption:
      'Models per cell of downloads (30 days) and likes, both binned on log axes of value + 1 (so zero fits); ' +
      'colour: models in the cell, on a log scale (yellow: most).',
    svg: plotSvg({
      ...logLog('downloads + 1', 'likes + 1'),
      color: { type: 'log', scheme: 'viridis' },
      marks: [
        Plot.rect(cells, {
          x1: 'x1',
          x2: 'x2',
          y1: 'y1',
          y2: 'y2',
          fill: 'count',
          title: (c: { count: number }) => `${c.count} models`,
        }),
      ],
    }),
    mark: 'rect',
    table: {
      header: ['downloads', 'likes', 'models'],
      rows: cells.map((c) => [range(c.x1, c.x2), range(c.y1, c.y2), count(c.count)]),
    },
  };
}

export function compositionSection(d: ReportData): Section {
  const top = 'the 20 most common, the rest summed as "other"; "(none)": models that name none.';
  const figures = [
    countFigure(
      'licenses',
      'Models per license',
      `The license:… tags and the model card's license (a model naming several counts once for each); ${top}`,
      d.licenses,
      'license',
    ),
    countFigure(
      'libraries',
      'Models per library',
      `The listed library_name, and the model card's when it names another (counted under both); ${top}`,
      d.libraries,
      'library',
    ),
    countFigure(
      'tasks',
      'Models per pipeline task',
      `The pipeline_tag of each model; ${top}`,
      d.tasks,
      'task',
    ),
    countFigure(
      'architectures',
      'Models per architecture',
      `config.architectures (a model with several counts once for each); ${top}`,
      d.architectures,
      'architecture',
    ),
    countFigure(
      'model-types',
      'Models per model type',
      `config.model_type; ${top}`,
      d.modelTypes,
      'model type',
    ),
    countFigure(
      'languages',
      'Models per language',
      `The model card's languages and the language-code tags (a model with several counts once for each); ${top}`,
      d.languages,
      'language',
    ),
    parametersFigure(d),
    countFigure(
      'access',
      'Models by access',
      'Open, gated (automatic or manual approval) or disabled by the Hub, as listed.',
      d.access,
      'access',
    ),
  ];
  return { id: 'composition', title: 'Composition', facts: [], figures };
}

function parametersFigure(d: ReportData): Figure {
  const title = 'Models by parameter count';
  const caption =
    `Parameters as the Hub reports them (safetensors, else GGUF metadata), in quarter-decade bins on a log axis; ` +
    `${count(d.parametersUnknown)} models without a count are left out.`;
  if (d.parameters.length === 0) return emptyFigure('parameters', title, caption, ['parameters', 'models']);
  return {
    id: 'parameters',
    title,
    caption,
    svg: plotSvg({
      height: 280,
      x: { type: 'log', label: 'parameters', grid: true, tickFormat: '~s' },
      y: { label: 'models', grid: true },
      marks: [
        Plot.rectY(d.parameters, {
          x1: 'lower',
          x2: 'upper',
          y: 'count',
          insetLeft: 0.5,
          insetRight: 0.5,
          title: (b: { lower: number; upper: number; count: number }) => `${b.lower}–${b.upper}: ${b.count}`,
        }),
        Plot.ruleY([0]),
      ],
    }),
    mark: 'rect',
    table: {
      header: ['parameters from', 'to', 'models'],
      rows: d.parameters.map((b) => [count(b.lower), count(b.upper), count(b.count)]),
    },
  };
}
