/** `hftorrent report`: one self-contained HTML page of the catalog and the download run. */
export { writeReport, reportPath, type ReportOptions, type ReportSummary } from './write-report.js';
export type { ReportData } from './report-data.js';
