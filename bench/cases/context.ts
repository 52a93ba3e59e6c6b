/** What every case gets: the plan and a progress log (stderr, so stdout keeps only the table). */
import type { BenchPlan } from '../plan.js';

export interface CaseContext {
  plan: BenchPlan;
  log: (line: string) => void;
  /** Handed from one case to the next (the crawl's catalog for select, download timings for resume). */
  shared: {
    crawlDataDir?: string;
    crawlModels?: number;
    /** Our crawl's CPU seconds (the research case compares a crawl without the derived tables). */
    crawlCpuSeconds?: number;
    oursDownloadSeconds?: Record<string, number>;
  };
}

export const sleep = (millis: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, millis));
