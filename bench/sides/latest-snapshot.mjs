/** For the floor sides: the catalog opened read-only, and the id of its newest finished crawl snapshot. */
import Database from 'better-sqlite3';

/** @param {string} catalogFile @returns {{ db: import('better-sqlite3').Database, snapshotId: number }} */
export function openLatestSnapshot(catalogFile) {
  const db = new Database(catalogFile, { readonly: true });
  const snapshot = db
    .prepare("SELECT id FROM crawl_snapshots WHERE status = 'finished' ORDER BY id DESC LIMIT 1")
    .get();
  if (snapshot === undefined) {
    db.close();
    throw new Error('no finished crawl in the catalog');
  }
  return { db, snapshotId: snapshot.id };
}
