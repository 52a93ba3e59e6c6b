/**
 * Migration 1: crawl snapshots, the models they listed, and the selection.
 *
 * `models` keeps the raw item exactly as the Hub sent it (for hf_metadata.json and for SQL/DuckDB users via
 * json_extract) plus typed columns for what selection and export read, mapped from the hub client's
 * `ModelRecord`. Export-only pieces of cardData/config are kept as small columns (`card_datasets`,
 * `model_type`, `architectures`) rather than whole copies of cardData and config: at 3M models a copy would add
 * gigabytes, and a later migration can still backfill anything else from `raw` in SQL.
 */
import type { Migration } from './migrations.js';

export const migration001Crawl: Migration = {
  version: 1,
  name: 'crawl snapshots, models, selection',
  up(db) {
    db.exec(`
      CREATE TABLE crawl_snapshots (
        id          INTEGER PRIMARY KEY,
        endpoint    TEXT    NOT NULL,
        query       TEXT    NOT NULL,             -- JSON of the listing query (without the cursor)
        query_mode  TEXT    NOT NULL CHECK (query_mode IN ('expand', 'full')),
        status      TEXT    NOT NULL CHECK (status IN ('running', 'finished', 'abandoned')),
        started_at  TEXT    NOT NULL,             -- ISO-8601 UTC
        updated_at  TEXT    NOT NULL,             -- last committed page
        finished_at TEXT,
        next_url    TEXT,                         -- the Link rel="next" to resume from; null before page 1 and at the end
        pages       INTEGER NOT NULL DEFAULT 0,
        listed      INTEGER NOT NULL DEFAULT 0,   -- items received, duplicates included
        models      INTEGER NOT NULL DEFAULT 0,   -- distinct models stored
        pruned_at   TEXT                          -- when a newer finished snapshot replaced this one's models
      );

      CREATE TABLE models (
        snapshot_id        INTEGER NOT NULL REFERENCES crawl_snapshots (id),
        seq                INTEGER NOT NULL,      -- 0-based position in the listing
        id                 TEXT    NOT NULL,      -- repo id
        mongo_id           TEXT,
        author             TEXT,
        sha                TEXT,                  -- main at listing time
        last_modified      TEXT,
        created_at         TEXT,
        private            INTEGER NOT NULL,
        gated              TEXT,                  -- 'auto' | 'manual'; null when not gated
        disabled           INTEGER NOT NULL,
        downloads          INTEGER NOT NULL,      -- last 30 days
        downloads_all_time INTEGER,
        likes              INTEGER NOT NULL,
        library_name       TEXT,
        pipeline_tag       TEXT,
        used_storage       INTEGER,
        tags               TEXT    NOT NULL,      -- JSON array
        card_datasets      TEXT    NOT NULL,      -- JSON array: cardData.datasets as strings
        model_type         TEXT,                  -- config.model_type
        architectures      TEXT    NOT NULL,      -- JSON array: config.architectures
        raw                TEXT    NOT NULL,      -- the item verbatim
        PRIMARY KEY (snapshot_id, id)
      );
      -- Selection reads the top of this index: ORDER BY downloads DESC, id ASC within a snapshot. It covers sha
      -- too, so ranking never touches the table (3M models rank in seconds instead of random reads of GBs).
      CREATE INDEX models_by_downloads ON models (snapshot_id, downloads DESC, id ASC, sha);
      -- hf_metadata.json is written in listing order.
      CREATE UNIQUE INDEX models_by_seq ON models (snapshot_id, seq);

      -- One row per select run; the latest row is the current selection.
      CREATE TABLE selections (
        id          INTEGER PRIMARY KEY,
        snapshot_id INTEGER NOT NULL,
        method      TEXT    NOT NULL CHECK (method IN ('shrinkage', 'top')),
        shrinkage   REAL,
        top         INTEGER,
        total       INTEGER NOT NULL,             -- models in the snapshot (N)
        count       INTEGER NOT NULL,             -- models selected
        shards      INTEGER NOT NULL,
        endpoint    TEXT    NOT NULL,             -- the base of the split_urls lines
        created_at  TEXT    NOT NULL
      );

      -- The rows of the current selection only; replaced with it in one transaction.
      CREATE TABLE selected_models (
        rank      INTEGER PRIMARY KEY,            -- 0-based
        id        TEXT    NOT NULL,
        sha       TEXT,                           -- main at listing time: the commit downloads pin
        downloads INTEGER NOT NULL
      );
      -- Dropped and rebuilt around each bulk replace (see selection-store.ts); keep the name.
      CREATE UNIQUE INDEX selected_models_by_id ON selected_models (id);
    `);
  },
};
