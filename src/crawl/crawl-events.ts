/**
 * What a crawl reports as it goes (the CLI renders these as a bar or periodic lines) and what it returns.
 * Retries and rate-limit waits are the hub client's to report: the CLI hooks `HubClientOptions.onEvent`.
 */
import type { CrawlSnapshot, QueryMode } from '../catalog/index.js';

export type CrawlEvent =
  | {
      type: 'start';
      snapshotId: number;
      endpoint: string;
      /** True when continuing a snapshot that already has pages. */
      resumed: boolean;
      queryMode: QueryMode;
      /** What the snapshot held before this run. */
      pages: number;
      models: number;
    }
  | {
      /** The server refused an `expand=` value; the crawl goes on with `full=true&cardData=true&config=true`. */
      type: 'fallback';
      reason: string;
    }
  | {
      /** The server refused some `expand=` values; the crawl goes on with the others (the snapshot's query). */
      type: 'expand-refused';
      refused: string[];
      /** From the server's error message, or by asking for each value alone on a one-item page. */
      learnt: 'message' | 'probe';
    }
  | {
      type: 'page';
      snapshotId: number;
      /** The page's URL. */
      url: string;
      /** Items on this page. */
      pageModels: number;
      /** Snapshot totals after this page's commit. */
      pages: number;
      models: number;
      /** This run only. */
      runPages: number;
      runModels: number;
      /** Items per second over this run. */
      modelsPerSecond: number;
    }
  | { type: 'finished'; snapshot: CrawlSnapshot }
  | { type: 'pruned'; rows: number };

export interface CrawlSummary {
  /**
   * `finished`: this run listed pages and the snapshot is now complete. `up-to-date`: the latest crawl had
   * already finished and nothing was requested (pass `fresh` to crawl again).
   */
  outcome: 'finished' | 'up-to-date';
  snapshot: CrawlSnapshot;
  /** True when this run continued an interrupted crawl. */
  resumed: boolean;
  /** Pages and items this run fetched. */
  pages: number;
  models: number;
  elapsedMillis: number;
}
