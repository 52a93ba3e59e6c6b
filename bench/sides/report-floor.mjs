/**
 * The report's floor: one read of every model row of the newest finished snapshot, raw JSON included (what any
 * report of the raw metadata must at least pay), through the same SQLite, read-only. Our `report` runs its
 * aggregates, draws the charts and writes the page on top of that.
 */
import { sideMain } from '../measure/side-main.mjs';
import { openLatestSnapshot } from './latest-snapshot.mjs';

await sideMain(async (/** @type {{ catalogFile: string }} */ spec) => {
  const { db, snapshotId } = openLatestSnapshot(spec.catalogFile);
  try {
    const row = db
      .prepare('SELECT count(*) AS models, sum(length(raw)) AS chars FROM models WHERE snapshot_id = ?')
      .get(snapshotId);
    return { models: row.models, chars: row.chars };
  } finally {
    db.close();
  }
});
