/** `hftorrent report`: one self-contained HTML page of the catalog and the download run. */
import type { ReportOptions, ReportSummary } from './write-report.js';

export type { ReportOptions, ReportSummary } from './write-report.js';
export type { ReportData } from './report-data.js';
export { reportPath } from './report-path.js';

/**
 * Writes the report (see write-report.ts). The drawing code is loaded on the first call: Observable Plot and
 * linkedom take about 0.4 s to load, which every other command would pay at start-up otherwise.
 */
export async function writeReport(options: ReportOptions): Promise<ReportSummary> {
  const { writeReport: write } = await import('./write-report.js');
  return write(options);
}
