/**
 * Migration 4: the research tables. Typed columns for the listing's weight facts (trending score,
 * safetensors parameters, GGUF header), and the normalized relations the crawl derives from every listing
 * item (src/crawl/derive-relations.ts): a name table per relation (global, so ids stay stable across
 * snapshots) and a link table per snapshot keyed by the model's listing position (`model_seq`, integers
 * only: at 3M models a text key would triple the size). Lineage edges keep the base's repo id as text: a
 * base model may be outside the listing. The model cards of downloaded repos get two tables, and the
 * PeaTMOSS names are views over the latest finished snapshot (migration-006-views.ts).
 *
 * Old catalogs: every statement only adds (new columns are NULL), so a catalog of any earlier version opens
 * and migrates; `crawl_snapshots.relations_version` stays NULL for snapshots crawled before this migration,
 * and `ensureRelations` derives their tables from the stored raw items on first use.
 */
import type { Migration } from './migrations.js';
import { peatmossViews } from './migration-006-views.js';
import { NAMED_RELATIONS, type NamedRelation } from './relation-tables.js';

const SOURCE_CHECK = `CHECK (source IN ('tag', 'card', 'card+tag', 'listing', 'config'))`;

function namedRelationSql({ table, link, idColumn, key }: NamedRelation): string {
  const nameTable =
    key === 'papers'
      ? `CREATE TABLE papers (
           id       INTEGER PRIMARY KEY,
           name     TEXT NOT NULL UNIQUE,             -- arxiv:<id> or doi:<doi>, normalized
           arxiv_id TEXT GENERATED ALWAYS AS (CASE WHEN substr(name, 1, 6) = 'arxiv:' THEN substr(name, 7) END) VIRTUAL,
           doi      TEXT GENERATED ALWAYS AS (CASE WHEN substr(name, 1, 4) = 'doi:' THEN substr(name, 5) END) VIRTUAL
         );`
      : `CREATE TABLE ${table} (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);`;
  const extra = key === 'licenses' ? 'license_name TEXT, license_link TEXT,' : '';
  return `${nameTable}
    CREATE TABLE ${link} (
      snapshot_id INTEGER NOT NULL,
      model_seq   INTEGER NOT NULL,
      ${idColumn} INTEGER NOT NULL REFERENCES ${table} (id),
      source      TEXT    NOT NULL ${SOURCE_CHECK},
      ${extra}
      PRIMARY KEY (snapshot_id, model_seq, ${idColumn})
    ) WITHOUT ROWID;`;
}

export const relationsMigration: Migration = {
  version: 6,
  name: 'normalized relations, lineage, model cards, PeaTMOSS views',
  up(db) {
    db.exec(`
      ALTER TABLE models ADD COLUMN trending_score INTEGER;
      ALTER TABLE models ADD COLUMN parameters INTEGER;          -- safetensors total
      ALTER TABLE models ADD COLUMN gguf_parameters INTEGER;
      ALTER TABLE models ADD COLUMN gguf_architecture TEXT;
      ALTER TABLE models ADD COLUMN gguf_context_length INTEGER;
      ALTER TABLE models ADD COLUMN gguf_chat_template INTEGER;  -- 0/1; NULL without a gguf block
      -- NULL: this snapshot's relations were never derived (crawled before migration 6, or mid-backfill).
      ALTER TABLE crawl_snapshots ADD COLUMN relations_version INTEGER;

      ${NAMED_RELATIONS.map(namedRelationSql).join('\n')}

      CREATE TABLE model_base_models (
        snapshot_id INTEGER NOT NULL,
        model_seq   INTEGER NOT NULL,
        base_id     TEXT    NOT NULL,             -- the parent's repo id (may be outside the listing)
        relation    TEXT    NOT NULL CHECK (relation IN ('finetune', 'adapter', 'quantized', 'merge', 'unknown')),
        source      TEXT    NOT NULL ${SOURCE_CHECK},
        PRIMARY KEY (snapshot_id, model_seq, base_id)
      ) WITHOUT ROWID;
      -- Descendants: the children of a repo id.
      CREATE INDEX model_base_models_by_base ON model_base_models (snapshot_id, base_id);

      CREATE TABLE model_parameters (
        snapshot_id INTEGER NOT NULL,
        model_seq   INTEGER NOT NULL,
        dtype       TEXT    NOT NULL,
        parameters  INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, model_seq, dtype)
      ) WITHOUT ROWID;

      -- README.md of a downloaded commit: the YAML front matter parsed, the text kept.
      CREATE TABLE model_cards (
        repo_id      TEXT    NOT NULL,
        commit_sha   TEXT    NOT NULL,
        front_matter TEXT,                        -- JSON object; NULL without front matter or when it did not parse
        parse_error  TEXT,                        -- why the front matter did not parse, one line
        text         TEXT    NOT NULL,            -- the README after the front matter
        bytes        INTEGER NOT NULL,
        read_at      TEXT    NOT NULL,
        PRIMARY KEY (repo_id, commit_sha)
      );
      CREATE TABLE model_card_fields (
        repo_id    TEXT NOT NULL,
        commit_sha TEXT NOT NULL,
        key        TEXT NOT NULL,                 -- a top-level front matter key
        value      TEXT NOT NULL,                 -- its value as JSON
        PRIMARY KEY (repo_id, commit_sha, key),
        FOREIGN KEY (repo_id, commit_sha) REFERENCES model_cards (repo_id, commit_sha) ON DELETE CASCADE
      ) WITHOUT ROWID;

      -- The history of a downloaded repo (download --history): the commits reachable from the pinned commit,
      -- newest first, and the repo's refs; from the Hub's commits and refs endpoints, or from the clone.
      CREATE TABLE repo_histories (
        repo_id    TEXT    PRIMARY KEY,
        revision   TEXT    NOT NULL,              -- the pinned commit the history starts at
        source     TEXT    NOT NULL CHECK (source IN ('api', 'git')),
        commits    INTEGER NOT NULL,
        refs       INTEGER NOT NULL,
        requests   INTEGER NOT NULL,              -- API requests it took (0 from a clone)
        fetched_at TEXT    NOT NULL
      );
      CREATE TABLE repo_commits (
        repo_id    TEXT    NOT NULL REFERENCES repo_histories (repo_id) ON DELETE CASCADE,
        position   INTEGER NOT NULL,              -- 0: the pinned commit, then its ancestors, newest first
        commit_sha TEXT    NOT NULL,
        title      TEXT    NOT NULL,
        message    TEXT    NOT NULL,
        authors    TEXT    NOT NULL,              -- JSON array
        date       TEXT,
        PRIMARY KEY (repo_id, position)
      ) WITHOUT ROWID;
      CREATE TABLE repo_refs (
        repo_id       TEXT NOT NULL REFERENCES repo_histories (repo_id) ON DELETE CASCADE,
        kind          TEXT NOT NULL CHECK (kind IN ('branch', 'tag', 'convert', 'pull_request')),
        name          TEXT NOT NULL,
        ref           TEXT NOT NULL,
        target_commit TEXT NOT NULL,
        PRIMARY KEY (repo_id, kind, name)
      ) WITHOUT ROWID;

      ${peatmossViews()}
    `);
  },
};
