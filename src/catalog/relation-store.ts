/**
 * The normalized relations of a snapshot's models (migration 6), written a page at a time inside the page's
 * transaction. Each relation costs two statements per page, not per model: the page's names go in as one
 * JSON array (`INSERT OR IGNORE` into the name table), then its links as one JSON array of
 * `[seq, name, source, ...]` joined to the name table in SQL, so SQLite's C loop does the per-row work.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ModelRelations, NamedRef } from '../types.js';
import { NAMED_RELATIONS, type NamedRelation } from './relation-tables.js';

/** Bumped when the derivation changes what it writes; snapshots derived by an older one are re-derived. */
export const RELATIONS_VERSION = 1;

export interface ModelRelationsAt {
  /** The model's listing position in the snapshot (its `models.seq`). */
  seq: number;
  relations: ModelRelations;
}

export interface RelationStore {
  /**
   * Stores the relations of one page's models. Models in `replace` (listed again, or re-derived) lose the
   * rows they had first. Call inside the page-commit transaction.
   */
  insertPage(snapshotId: number, entries: readonly ModelRelationsAt[], replace: readonly number[]): void;
  /** Deletes up to `limit` link rows of a snapshot per table; returns how many in all. */
  deleteBatch(snapshotId: number, limit: number): number;
}

interface LinkWriter {
  names(entries: readonly ModelRelationsAt[]): string[];
  links(entries: readonly ModelRelationsAt[]): unknown[][];
  insertNames: Statement<[string]> | null;
  insertLinks: Statement<[number, string]>;
  deleteSeq: Statement<[number, number]>;
  deleteBatch: Statement<[number, number, number]>;
}

function refsOf(relations: ModelRelations, key: NamedRelation['key']): NamedRef[] {
  return relations[key];
}

function namedWriter(db: Database, relation: NamedRelation): LinkWriter {
  const { key, table, link, idColumn } = relation;
  const licence = key === 'licenses';
  const columns = `snapshot_id, model_seq, ${idColumn}, source${licence ? ', license_name, license_link' : ''}`;
  const values = `?, j.value->>0, t.id, j.value->>2${licence ? ', j.value->>3, j.value->>4' : ''}`;
  return {
    names(entries) {
      const names = new Set<string>();
      for (const e of entries) for (const r of refsOf(e.relations, key)) names.add(r.name);
      return [...names];
    },
    links(entries) {
      const rows: unknown[][] = [];
      for (const e of entries) {
        for (const r of refsOf(e.relations, key)) {
          if (licence) {
            const l = r as ModelRelations['licenses'][number];
            rows.push([e.seq, l.name, l.source, l.licenseName, l.licenseLink]);
          } else {
            rows.push([e.seq, r.name, r.source]);
          }
        }
      }
      return rows;
    },
    insertNames: db.prepare(`INSERT OR IGNORE INTO ${table} (name) SELECT value FROM json_each(?)`),
    insertLinks: db.prepare(
      `INSERT INTO ${link} (${columns})
       SELECT ${values} FROM json_each(?) j JOIN ${table} t ON t.name = j.value->>1`,
    ),
    deleteSeq: db.prepare(`DELETE FROM ${link} WHERE snapshot_id = ? AND model_seq = ?`),
    deleteBatch: deleteBatchStatement(db, link),
  };
}

function deleteBatchStatement(db: Database, table: string): Statement<[number, number, number]> {
  // WITHOUT ROWID tables have no rowid to batch on: the primary key's leading columns do the same job.
  return db.prepare(
    `DELETE FROM ${table} WHERE snapshot_id = ? AND model_seq IN
       (SELECT DISTINCT model_seq FROM ${table} WHERE snapshot_id = ? LIMIT ?)`,
  );
}

function lineageWriter(db: Database): LinkWriter {
  return {
    names: () => [],
    links(entries) {
      const rows: unknown[][] = [];
      for (const e of entries)
        for (const b of e.relations.baseModels) rows.push([e.seq, b.baseId, b.relation, b.source]);
      return rows;
    },
    insertNames: null,
    insertLinks: db.prepare(
      `INSERT INTO model_base_models (snapshot_id, model_seq, base_id, relation, source)
       SELECT ?, value->>0, value->>1, value->>2, value->>3 FROM json_each(?)`,
    ),
    deleteSeq: db.prepare('DELETE FROM model_base_models WHERE snapshot_id = ? AND model_seq = ?'),
    deleteBatch: deleteBatchStatement(db, 'model_base_models'),
  };
}

function parametersWriter(db: Database): LinkWriter {
  return {
    names: () => [],
    links(entries) {
      const rows: unknown[][] = [];
      for (const e of entries) for (const p of e.relations.parameters) rows.push([e.seq, p.dtype, p.count]);
      return rows;
    },
    insertNames: null,
    insertLinks: db.prepare(
      `INSERT INTO model_parameters (snapshot_id, model_seq, dtype, parameters)
       SELECT ?, value->>0, value->>1, value->>2 FROM json_each(?)`,
    ),
    deleteSeq: db.prepare('DELETE FROM model_parameters WHERE snapshot_id = ? AND model_seq = ?'),
    deleteBatch: deleteBatchStatement(db, 'model_parameters'),
  };
}

export function createRelationStore(db: Database): RelationStore {
  const writers = [
    ...NAMED_RELATIONS.map((r) => namedWriter(db, r)),
    lineageWriter(db),
    parametersWriter(db),
  ];
  return {
    insertPage(snapshotId, entries, replace) {
      for (const w of writers) {
        for (const seq of replace) w.deleteSeq.run(snapshotId, seq);
        const names = w.names(entries);
        if (w.insertNames !== null && names.length > 0) w.insertNames.run(JSON.stringify(names));
        const links = w.links(entries);
        if (links.length > 0) w.insertLinks.run(snapshotId, JSON.stringify(links));
      }
    },
    deleteBatch(snapshotId, limit) {
      let deleted = 0;
      for (const w of writers) deleted += w.deleteBatch.run(snapshotId, snapshotId, limit).changes;
      return deleted;
    },
  };
}
