/**
 * Makes sure a snapshot's relation tables exist: a snapshot crawled before the catalog had them (or by an
 * older derivation) gets them from its stored raw items, without a request. Export and a finishing crawl
 * call it; a snapshot crawled now already has them, page by page.
 */
import type { Catalog } from '../catalog/index.js';
import { backfillRelations } from '../catalog/relations-backfill.js';
import { recordFromStoredItem } from '../hub/mappers/map-stored-item.js';
import { deriveRelations } from './derive-relations.js';

/** Returns how many models were derived now (0 when the snapshot was up to date). */
export function ensureRelations(catalog: Catalog, snapshotId: number): number {
  return backfillRelations(catalog, snapshotId, (raw, seq) => {
    const model = recordFromStoredItem(raw, `stored model #${seq}`);
    return { model, relations: deriveRelations(model) };
  });
}
