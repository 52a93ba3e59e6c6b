import type { CrawlEvent, CrawlSummary } from '../../crawl/index.js';
import { formatCount, formatDuration } from '../format.js';
import type { Reporter } from '../reporter.js';

/** Renders crawl events: a live line on a terminal, a line every few seconds in logs. */
export function crawlProgress(report: Reporter): (event: CrawlEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'start':
        report.note(
          event.resumed
            ? `crawl #${event.snapshotId}: resuming after ${formatCount(event.pages)} pages, ${formatCount(event.models)} models`
            : `crawl #${event.snapshotId}: listing ${event.endpoint}`,
        );
        break;
      case 'fallback':
        report.warn(
          `the server refused expand=; crawling with full=true&cardData=true&config=true (${event.reason})`,
        );
        break;
      case 'expand-refused':
        report.warn(
          `the server refused expand=${event.refused.join(',')} on the listing; crawling with the other properties`,
        );
        break;
      case 'page':
        report.progress(
          `crawl #${event.snapshotId}: ${formatCount(event.pages)} pages, ${formatCount(event.models)} models, ` +
            `${formatCount(Math.round(event.modelsPerSecond))} models/s`,
        );
        break;
      case 'finished':
        report.note(
          `crawl #${event.snapshot.id}: finished, ${formatCount(event.snapshot.models)} models in ${formatCount(event.snapshot.pages)} pages`,
        );
        break;
      case 'pruned':
        break;
    }
  };
}

export function crawlSummaryText(summary: CrawlSummary): string {
  const s = summary.snapshot;
  if (summary.outcome === 'up-to-date') {
    return (
      `crawl #${s.id} of ${s.endpoint} is complete (${formatCount(s.models)} models, finished ${s.finishedAt}); ` +
      'nothing to do (use --fresh for a new snapshot)'
    );
  }
  return (
    `crawl #${s.id} of ${s.endpoint}: ${formatCount(s.models)} models in ${formatCount(s.pages)} pages` +
    `${summary.resumed ? ' (resumed)' : ''}; this run listed ${formatCount(summary.models)} models in ` +
    `${formatDuration(summary.elapsedMillis)}`
  );
}
