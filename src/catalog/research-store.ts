/**
 * The research dataset as export reads it: the tables of research-tables.ts (as CSV lines for the Parquet
 * writer, or counted for the manifest) and the facts of a snapshot for the datasheet.
 */
import type { Database } from 'better-sqlite3';
import { datasetFacts, type DatasetFacts } from './dataset-facts.js';
import { RESEARCH_TABLES, countTableRows, iterateCsvLines, type ResearchTable } from './research-tables.js';

export interface ResearchStore {
  readonly tables: readonly ResearchTable[];
  /** The table's rows as CSV lines, in its order (see `iterateCsvLines`). */
  csvLines(table: ResearchTable): IterableIterator<string>;
  count(table: ResearchTable): number;
  facts(snapshotId: number): DatasetFacts;
}

export function createResearchStore(db: Database): ResearchStore {
  return {
    tables: RESEARCH_TABLES,
    csvLines: (table) => iterateCsvLines(db, table),
    count: (table) => countTableRows(db, table),
    facts: (snapshotId) => datasetFacts(db, snapshotId),
  };
}
