export { crawl, type CrawlOptions } from './crawl.js';
export type { CrawlEvent, CrawlSummary } from './crawl-events.js';
export { CRAWL_EXPAND, DEFAULT_PAGE_SIZE, crawlQuery } from './crawl-query.js';
export { deriveRelations, normalizePaper, normalizeRepoId } from './derive-relations.js';
export { ensureRelations } from './ensure-relations.js';
