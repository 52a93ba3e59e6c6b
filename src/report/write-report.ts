/**
 * `writeReport`: the catalog's aggregates drawn into `<data-dir>/huggingface/report/index.html`, one
 * self-contained page (inline CSS and SVG, no script or font to fetch). The catalog is read from a read-only
 * connection, so a report can be written while a crawl or a download runs (it then shows what is committed so
 * far); only a snapshot without its relation tables is written to first (report-relations.ts).
 */
import { openCatalog, writeFileAtomic } from '../catalog/index.js';
import type { Section } from './figure.js';
import { compositionSection, popularitySection, snapshotSection } from './figures-catalog.js';
import { downloadSection, historySection, lineageSection } from './figures-run.js';
import { pageHtml } from './page.js';
import { collectReport } from './collect-report.js';
import { prepareRelations } from './report-relations.js';
import type { ReportData } from './report-data.js';
import { reportPath } from './report-path.js';

export interface ReportOptions {
  dataDir: string;
  /** The report's timestamp. Default: now. */
  now?: Date;
}

export interface ReportSummary {
  /** Absolute path of index.html. */
  file: string;
  bytes: number;
  /** Ids of the figures drawn, and of those with nothing to draw. */
  figures: string[];
  emptyFigures: string[];
  models: number;
  /** Models whose relation tables this report derived first (a snapshot crawled without them). */
  relationsDerived: number;
  /** Why the relation tables are missing and the figures they feed empty; null when they are there. */
  relationsMissing: string | null;
  /** Milliseconds spent reading the catalog (deriving missing relation tables included), and drawing and writing the page. */
  queryMillis: number;
  renderMillis: number;
}

export function reportSections(data: ReportData): Section[] {
  const sections = [
    snapshotSection(data),
    popularitySection(data),
    compositionSection(data),
    lineageSection(data),
    downloadSection(data),
  ];
  const history = historySection(data);
  if (history !== null) sections.push(history);
  return sections;
}

export async function writeReport(options: ReportOptions): Promise<ReportSummary> {
  const started = performance.now();
  const relations = prepareRelations(options.dataDir);
  const catalog = openCatalog(options.dataDir, { readonly: true });
  let data: ReportData;
  try {
    data = await collectReport(catalog, options.now ?? new Date(), relations.missing ?? undefined);
  } finally {
    catalog.close();
  }
  const queried = performance.now();
  const sections = reportSections(data);
  const html = pageHtml({
    title: 'hf-torrent report',
    subtitle:
      data.snapshot === null
        ? 'No crawl yet.'
        : `${data.snapshot.models.toLocaleString('en-US')} models listed from ${data.snapshot.endpoint}, snapshot #${data.snapshot.id} of ${data.snapshot.startedAt}.`,
    sections,
    footer: `Written ${data.generatedAt} by hftorrent report from ${data.catalogPath}.`,
  });
  const file = reportPath(options.dataDir);
  await writeFileAtomic(file, html);
  const figures = sections.flatMap((s) => s.figures);
  return {
    file,
    bytes: Buffer.byteLength(html),
    figures: figures.filter((f) => f.svg !== null).map((f) => f.id),
    emptyFigures: figures.filter((f) => f.svg === null).map((f) => f.id),
    models: data.snapshot?.models ?? 0,
    relationsDerived: relations.derivedModels,
    relationsMissing: data.relationsMissing,
    queryMillis: queried - started,
    renderMillis: performance.now() - queried,
  };
}
