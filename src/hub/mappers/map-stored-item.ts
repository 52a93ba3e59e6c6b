/**
 * A listing item the catalog stored verbatim (its `raw` column) -> `ModelRecord`, for work that re-reads old
 * crawls (deriving the relation tables of a snapshot crawled before they existed).
 */
import type { ModelRecord } from '../../types.js';
import { mapModelRecord } from './map-model-record.js';
import { WireReader } from './wire-reader.js';

const reader = new WireReader('the catalog');

export function recordFromStoredItem(rawJson: string, where: string): ModelRecord {
  return mapModelRecord(reader.object(JSON.parse(rawJson), where), reader, where);
}
