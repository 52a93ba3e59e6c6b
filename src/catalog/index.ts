/** The catalog's public surface: open it, lock the data dir, and the layout of `<data-dir>/huggingface`. */
export { readDemoMarker, writeDemoMarker, type DemoMarker } from './demo-marker.js';
export { openCatalog, type Catalog, type OpenCatalogOptions } from './open-catalog.js';
export { catalogEndpoint, decideEndpoint } from './catalog-endpoint.js';
export {
  acquireDataDirLock,
  readDataDirLock,
  describeHolder,
  type LockHolder,
  type ReleaseLock,
} from './lock.js';
export {
  catalogPath,
  ensureDataDir,
  hubDir,
  lockPath,
  requireCatalog,
  splitUrlsDir,
  LAYOUT,
} from './data-dir.js';
export { openAtomicFile, writeFileAtomic, type AtomicFile } from './atomic-file.js';
export { MIGRATIONS, migrate, userVersion, type Migration } from './migrations.js';
export type { CrawlSnapshot, QueryMode, SnapshotStatus, SnapshotStore } from './snapshot-store.js';
export type { CatalogModel, ModelStore } from './model-store.js';
export type {
  NewSelection,
  SelectedModel,
  Selection,
  SelectionMethod,
  SelectionStore,
} from './selection-store.js';
