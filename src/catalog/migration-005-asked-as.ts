/**
 * Migration: who asked the Hub when a repo was skipped. A skip the Hub gave (gated, not found, disabled)
 * stands until something changes: a later run asks again only with another identity (another token, or one
 * where there was none) or `--retry-skipped`. The column holds `anonymous` or `token:<16 hex>`, a salted
 * digest that names a token without revealing it (hub/client-identity.ts); never the token.
 */
import type { Migration } from './migrations.js';

export const askedAsMigration: Migration = {
  version: 5,
  name: 'identity a skip was recorded under',
  up(db) {
    db.exec('ALTER TABLE download_repos ADD COLUMN asked_as TEXT');
  },
};
