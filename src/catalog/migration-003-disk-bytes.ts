/**
 * Migration: bytes on disk per repo. Git mode records what a verified clone takes on disk (`du`, hard links
 * counted once), which differs from the content bytes: `.git` holds the history and, without dedupe, a
 * second copy of every LFS file. NULL for repos downloaded over HTTP (their disk bytes are their files).
 */
import type { Migration } from './migrations.js';

export const diskBytesMigration: Migration = {
  version: 3,
  name: 'disk bytes per downloaded repo',
  up(db) {
    db.exec('ALTER TABLE download_repos ADD COLUMN disk_bytes INTEGER');
  },
};
