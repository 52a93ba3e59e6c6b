/**
 * The ranking index (`ORDER BY downloads DESC, id ASC` within a snapshot) is built when a crawl finishes, not
 * maintained row by row while it runs: the listing arrives in `_id` order, so every page of 1,000 models lands
 * on ~1,000 random leaves of this index, and each commit writes them all to the WAL (the bench measured ~9x
 * the catalog's size in disk writes at 100k models). One sort at the end costs seconds at 3M models.
 *
 * Nothing reads the index while a crawl runs: select and export take the data-dir lock the crawl holds, and
 * select re-creates it if a killed crawl left it dropped.
 */
import type { Database } from 'better-sqlite3';

const CREATE = `CREATE INDEX IF NOT EXISTS models_by_downloads ON models (snapshot_id, downloads DESC, id ASC, sha)`;

/** Before a crawl stores pages: stop maintaining the ranking index. */
export function suspendRankingIndex(db: Database): void {
  db.exec('DROP INDEX IF EXISTS models_by_downloads');
}

/** When a crawl finishes, and before any ranking: (re)build the index if it is missing. */
export function ensureRankingIndex(db: Database): void {
  db.exec(CREATE);
}
