/**
 * Migration: why a crawl stopped. A crawl that fails (an error the retries could not ride out, a refusal,
 * an interrupt) stays resumable, but `status` must show it as failed with the reason rather than "running".
 * Cleared by the next page a crawl commits.
 */
import type { Migration } from './migrations.js';

export const crawlErrorMigration: Migration = {
  version: 4,
  name: 'last error of a crawl snapshot',
  up(db) {
    db.exec(`
      ALTER TABLE crawl_snapshots ADD COLUMN last_error TEXT;
      ALTER TABLE crawl_snapshots ADD COLUMN last_error_at TEXT;
    `);
  },
};
