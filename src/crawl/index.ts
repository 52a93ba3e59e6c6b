export { crawl, type CrawlOptions } from './crawl.js';
export type { CrawlEvent, CrawlSummary } from './crawl-events.js';
export { CRAWL_EXPAND, DEFAULT_PAGE_SIZE, crawlQuery } from './crawl-query.js';
