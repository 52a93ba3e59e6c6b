/**
 * A figure of the report: a titled chart and the table of the numbers it draws. `mark` names the Plot mark
 * (its `aria-label`) that draws one element per table row, so a reader (or a test) can check the chart
 * against its table.
 */
export interface Figure {
  /** Stable id: the element id in the page. */
  id: string;
  title: string;
  /** One or two sentences: what is counted, the units, what is left out. */
  caption: string;
  /** Inline SVG markup; null when there is nothing to draw (the caption says why). */
  svg: string | null;
  /** The `aria-label` of the mark with one element per row of `table`. */
  mark: string;
  table: { header: string[]; rows: string[][] };
}

export interface Section {
  id: string;
  title: string;
  /** Label/value facts shown above the figures. */
  facts: Array<[string, string]>;
  figures: Figure[];
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function count(n: number): string {
  return integer.format(n);
}

export function share(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(part === whole || part === 0 ? 0 : 1)}%` : '–';
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** The decimal unit a chart of byte values up to `max` is drawn in (one unit per axis). */
export function byteUnit(max: number): { name: string; divisor: number } {
  let i = 0;
  while (max >= 1000 ** (i + 1) && i < BYTE_UNITS.length - 1) i++;
  return { name: BYTE_UNITS[i] as string, divisor: 1000 ** i };
}

export function bytes(n: number): string {
  const unit = byteUnit(n);
  const value = n / unit.divisor;
  return `${unit.divisor === 1 ? value.toFixed(0) : value.toFixed(value < 10 ? 2 : 1)} ${unit.name}`;
}

/** A figure with no data: its caption says so and the table is empty. */
export function emptyFigure(id: string, title: string, why: string, header: string[]): Figure {
  return { id, title, caption: why, svg: null, mark: 'none', table: { header, rows: [] } };
}
