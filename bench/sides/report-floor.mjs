/**
 * The report's floor: one read of every model row of the newest finished snapshot, raw JSON included (what any
 * report of the raw metadata must at least pay), through the same SQLite, read-only. Our `report` runs its
 * aggregates, draws the charts and writes the page on top of that.
 */
import Database from 'better-sqlite3';
import { sideMain } from '../measure/side-main.mjs';

await sideMain(async (/** @type {{ catalogFile: string }} */ spec) => {
  const db = new Database(spec.catalogFile, { readonly: true });
  try {
    const snapshot = db
      .prepare("SELECT id FROM crawl_snapshots WHERE status = 'finished' ORDER BY id DESC LIMIT 1")
      .get();
    if (snapshot === undefined) throw new Error('no finished crawl in the catalog');
    const row = db
      .prepare('SELECT count(*) AS models, sum(length(raw)) AS chars FROM models WHERE snapshot_id = ?')
      .get(snapshot.id);
    return { models: row.models, chars: row.chars };
  } finally {
    db.close();
  }
});
