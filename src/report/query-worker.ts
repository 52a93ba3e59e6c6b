/**
 * The worker-thread half of the report's queries (`queryWalk`), on a read-only connection of its own, so that
 * it runs on the second core while the main thread runs `queryProfiles`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openCatalog } from '../catalog/index.js';
import { queryWalk } from './queries.js';

export interface WalkRequest {
  dataDir: string;
  snapshotId: number;
  /** Whether the snapshot's relation tables are derived (see `queryWalk`). */
  relations: boolean;
}

const request = workerData as WalkRequest;
const catalog = openCatalog(request.dataDir, { readonly: true });
try {
  parentPort?.postMessage(queryWalk(catalog.db, request.snapshotId, request.relations));
} finally {
  catalog.close();
}
