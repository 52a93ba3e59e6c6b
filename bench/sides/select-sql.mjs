/**
 * The select peer, a floor rather than a rival: the bare SQL query for the same ranking (downloads
 * descending, id ascending) over the same catalog file, read-only, its URLs written to one file. What our
 * `select` adds on top (storing the selection, sharding, atomic writes) is the ratio to this.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { sideMain } from '../measure/side-main.mjs';
import { openLatestSnapshot } from './latest-snapshot.mjs';

/**
 * @typedef {object} SelectSqlSpec
 * @property {string} resultFile
 * @property {string} catalogFile
 * @property {number} shrinkage
 * @property {string} endpoint
 * @property {string} outFile
 */

await sideMain(async (/** @type {SelectSqlSpec} */ spec) => {
  const { db, snapshotId } = openLatestSnapshot(spec.catalogFile);
  try {
    const total = db.prepare('SELECT count(*) AS n FROM models WHERE snapshot_id = ?').get(snapshotId).n;
    const count = Math.floor(total * spec.shrinkage);
    const rows = db
      .prepare('SELECT id FROM models WHERE snapshot_id = ? ORDER BY downloads DESC, id ASC LIMIT ?')
      .iterate(snapshotId, count);
    const hash = createHash('sha256');
    const out = createWriteStream(spec.outFile);
    for (const row of rows) {
      const line = `${spec.endpoint}/${row.id}\n`;
      hash.update(line);
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
    return { count, sha256: hash.digest('hex') };
  } finally {
    db.close();
  }
});
