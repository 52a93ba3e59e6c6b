/**
 * `collectReport`: every number of the report, read from the catalog. The two halves of the model queries run
 * at once, `queryProfiles` here and `queryWalk` in a worker thread (each is a pass over the whole table).
 */
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../catalog/index.js';
import { relationsCurrent } from './report-relations.js';
import { downloadFacts, selectionFacts, snapshotFacts, snapshotHistory } from './ledger-queries.js';
import { queryProfiles, type WalkFigures } from './queries.js';
import type { WalkRequest } from './query-worker.js';
import type { ReportData } from './report-data.js';

/**
 * `relationsMissing`: why the snapshot's relation tables could not be derived before this read, if they are
 * missing (write-report.ts tries); shown in the page. Default: they are missing because nothing derived them.
 */
export async function collectReport(
  catalog: Catalog,
  now: Date,
  relationsMissing = 'nothing derived them yet',
): Promise<ReportData> {
  const db = catalog.db;
  const snapshot = catalog.snapshots.latestFinished() ?? catalog.snapshots.current();
  const snapshotId = snapshot?.id ?? -1;
  const relations = snapshot === null || relationsCurrent(snapshot);
  const walk = walkInWorker({ dataDir: catalog.dataDir, snapshotId, relations });
  // If the profiles throw, the walk still settles before the error goes up (no worker left running).
  const profiles = (() => {
    try {
      return { ok: true as const, value: queryProfiles(db, snapshotId, relations) };
    } catch (error) {
      return { ok: false as const, error };
    }
  })();
  const walked = await walk;
  if (!profiles.ok) throw profiles.error;
  return {
    generatedAt: now.toISOString(),
    catalogPath: catalog.path,
    snapshot: snapshot === null ? null : snapshotFacts(snapshot),
    relationsMissing: relations ? null : relationsMissing,
    snapshots: snapshotHistory(db),
    download: downloadFacts(db),
    selection: selectionFacts(db, snapshotId),
    ...profiles.value,
    ...walked,
  };
}

function walkInWorker(request: WalkRequest): Promise<WalkFigures> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(request);
    let result: WalkFigures | null = null;
    worker.once('message', (message: WalkFigures) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result !== null) resolve(result);
      else reject(new Error(`the report's query worker exited with code ${code} and no result`));
    });
  });
}

function startWorker(request: WalkRequest): Worker {
  const source = import.meta.url.endsWith('.ts');
  const entry = new URL(source ? './query-worker.ts' : './query-worker.js', import.meta.url);
  if (!source) return new Worker(entry, { workerData: request });
  // Run from source (the tests, through tsx): Node 20 does not pass tsx's loader on to a worker, so the worker
  // registers it before importing its TypeScript entry.
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData: request });
}
