/**
 * Derives the relation tables of a snapshot from its stored raw items: for snapshots crawled before the
 * catalog had these tables, and after a change of the derivation (`RELATIONS_VERSION`). Batches of 1000
 * models, each in its own transaction that first removes what the batch's models had, so a run killed
 * midway is simply redone; the snapshot is marked derived only after the last batch.
 */
import type { ModelRecord, ModelRelations } from '../types.js';
import type { Catalog } from './open-catalog.js';
import { RELATIONS_VERSION } from './relation-store.js';

const BATCH = 1000;

/** Parses a stored raw item and derives its relations (supplied by the crawl stage, which owns both). */
export type DeriveStored = (raw: string, seq: number) => { model: ModelRecord; relations: ModelRelations };

/** Returns how many models were derived (0 when the snapshot was up to date). */
export function backfillRelations(catalog: Catalog, snapshotId: number, derive: DeriveStored): number {
  const snapshot = catalog.snapshots.get(snapshotId);
  if (snapshot === null || snapshot.relationsVersion === RELATIONS_VERSION) return 0;
  const batch = catalog.db.transaction((rows: Array<{ seq: number; raw: string }>) => {
    const entries = rows.map(({ seq, raw }) => {
      const { model, relations } = derive(raw, seq);
      catalog.models.updateWeightColumns(snapshotId, seq, model);
      return { seq, relations };
    });
    catalog.relations.insertPage(
      snapshotId,
      entries,
      rows.map((r) => r.seq),
    );
  });
  let after = -1;
  let derived = 0;
  for (;;) {
    const rows = catalog.models.rawBatch(snapshotId, after, BATCH);
    if (rows.length === 0) break;
    batch.immediate(rows);
    derived += rows.length;
    after = (rows.at(-1) as { seq: number }).seq;
  }
  catalog.snapshots.markRelations(snapshotId, RELATIONS_VERSION);
  return derived;
}
