/**
 * Charts as SVG text, drawn by Observable Plot in Node. Plot builds DOM nodes, so it gets a server-side
 * document (linkedom) instead of a browser's; the result is serialized and inlined into the page, which then
 * needs no script and no network to show it.
 *
 * Every chart is 640 px wide in its own coordinates and scales down with its container (phones); Plot draws
 * axes and text in `currentColor`, so the page's light/dark colours apply; marks are coloured by the page's
 * CSS through their `aria-label` (see page-style.ts).
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

export const CHART_WIDTH = 640;
/** Pixels per bar of a horizontal bar chart. */
const BAR_ROW_PX = 20;
/** Longest category label drawn beside a bar (the table below has the whole name). */
const LABEL_CHARS = 34;
/** About the width of one character of the 11 px sans-serif axis text. */
const CHAR_PX = 6.6;

/** The DOM document type Plot draws into (the project compiles without the DOM lib). */
type PlotDocument = NonNullable<Plot.PlotOptions['document']>;

let shared: PlotDocument | null = null;

/** One document for every chart of the process: Plot only creates detached nodes in it. */
function serverDocument(): PlotDocument {
  shared ??= parseHTML('<!doctype html><html><head></head><body></body></html>')
    .document as unknown as PlotDocument;
  return shared;
}

/** Renders `Plot.plot(options)` to SVG markup. */
export function plotSvg(options: Plot.PlotOptions): string {
  const node = Plot.plot({
    width: CHART_WIDTH,
    style: { fontSize: '11px' },
    ...options,
    document: serverDocument(),
  });
  return node.outerHTML;
}

/** A label cut to `LABEL_CHARS` characters (an ellipsis marks the cut). */
export function shortLabel(label: string): string {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}

export interface BarRow {
  label: string;
  value: number;
}

/**
 * Horizontal bars in the order given (largest first, "other" last): one `<rect>` per row in the mark group
 * labelled "bar".
 */
export function barsSvg(
  rows: readonly BarRow[],
  xLabel: string,
  xTickFormat?: (v: number) => string,
): string {
  const longest = Math.max(4, ...rows.map((r) => shortLabel(r.label).length));
  return plotSvg({
    height: 40 + BAR_ROW_PX * rows.length,
    marginLeft: Math.min(longest, LABEL_CHARS) * CHAR_PX + 12,
    marginRight: 24,
    x: { label: xLabel, grid: true, tickFormat: xTickFormat },
    y: { label: null, domain: rows.map((r) => r.label), tickFormat: shortLabel },
    marks: [
      Plot.barX(rows, { x: 'value', y: 'label', title: (r: BarRow) => `${r.label}: ${r.value}` }),
      Plot.ruleX([0]),
    ],
  });
}
