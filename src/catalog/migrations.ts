/**
 * The catalog's schema, as an ordered list of migrations. `PRAGMA user_version` records how many have run; on
 * open, each missing one runs in its own IMMEDIATE transaction together with the bump of `user_version`, so a
 * crash mid-migration leaves the previous version intact and two processes opening at once migrate only once.
 *
 * To append a migration (e.g. the download ledger):
 *   1. write it in your own module (`src/catalog/ledger-migration.ts`) as a `Migration` whose `version` is the
 *      last one here plus one, with an `up(db)` that only creates or alters (never rewrites a past migration:
 *      catalogs in the field already ran it);
 *   2. import it here and add it at the end of `MIGRATIONS`.
 * `migrate` refuses a list whose versions are not 1, 2, 3, ... in order, and a catalog newer than the code.
 */
import type { Database } from 'better-sqlite3';
import { CatalogError } from '../errors.js';
import { ledgerMigration } from './ledger-migration.js';
import { diskBytesMigration } from './migration-003-disk-bytes.js';
import { crawlErrorMigration } from './migration-004-crawl-error.js';
import { askedAsMigration } from './migration-005-asked-as.js';
import { migration001Crawl } from './migration-001-crawl.js';
import { relationsMigration } from './migration-006-relations.js';

export interface Migration {
  /** 1-based position; equals the `user_version` after it ran. */
  version: number;
  /** A short name, for error messages. */
  name: string;
  /** Runs inside a transaction; throw to abort it. */
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  migration001Crawl,
  ledgerMigration,
  diskBytesMigration,
  crawlErrorMigration,
  askedAsMigration,
  relationsMigration,
];

/** Brings `db` to the latest version. Returns the version it found. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new CatalogError(`migration "${m.name}" has version ${m.version}, expected ${i + 1}`);
    }
  });
  const found = userVersion(db);
  if (found > migrations.length) {
    throw new CatalogError(
      `the catalog is at schema version ${found}, newer than this hf-torrent knows (${migrations.length}); ` +
        `upgrade hf-torrent`,
    );
  }
  for (const migration of migrations.slice(found)) {
    db.transaction(() => {
      // Re-read inside the write lock: another process may have run this migration meanwhile.
      if (userVersion(db) >= migration.version) return;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return found;
}

export function userVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
