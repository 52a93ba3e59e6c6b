/**
 * `crawl`: list every model of the Hub into the catalog, page by page, resumable at any instant.
 *
 * Each page's models, the next-page URL and the counters are committed in one transaction, so a run killed at
 * any moment (kill -9 included) leaves the catalog at a page boundary; the next run follows the stored URL and
 * neither re-reads a stored page nor misses or duplicates a model. Memory holds one page at a time.
 *
 * Snapshots: a finished crawl is kept as a snapshot (endpoint, start, end, count). Running again is a no-op
 * that reports it; `fresh` starts a new snapshot, abandoning an unfinished one. The previous finished snapshot
 * stays readable (select, export) until the new one finishes, then its model rows are pruned.
 */
import type { Catalog, CrawlSnapshot } from '../catalog/index.js';
import { acquireDataDirLock, openCatalog } from '../catalog/index.js';
import {
  AbortedError,
  BadRequestError,
  CatalogError,
  ConfigError,
  describeError,
  isHfTorrentError,
} from '../errors.js';
import type { HubClient } from '../hub/hub-client.js';
import type { CrawlEvent, CrawlSummary } from './crawl-events.js';
import { DEFAULT_PAGE_SIZE, crawlQuery } from './crawl-query.js';
import { negotiateExpand } from './expand-negotiation.js';
import { deriveRelations } from './derive-relations.js';
import { ensureRelations } from './ensure-relations.js';

export interface CrawlOptions {
  /** The data dir; the catalog is `<dataDir>/huggingface/catalog.db`. */
  dataDir: string;
  /** The Hub client (`createHubClient`); its endpoint is the snapshot's endpoint. */
  client: HubClient;
  /** Start a new snapshot even when the latest crawl finished or is resumable. Default false. */
  fresh?: boolean;
  /**
   * Models per listing page (`limit=`); the Hub clamps at 1000. Default 1000. Applies to a new snapshot; a
   * resumed one follows its stored next URL, which keeps the limit it started with.
   */
  pageSize?: number;
  /**
   * Derive the research tables (licenses, datasets, papers, lineage, ...) with each page. Default true;
   * false leaves them to the first export, which derives them from the stored items.
   */
  relations?: boolean;
  /** Stops the crawl between pages (give the same signal to the client to stop a request in flight). */
  signal?: AbortSignal;
  onProgress?: (event: CrawlEvent) => void;
  /** Clock in milliseconds since the epoch, for timestamps and rates. Default `Date.now`. */
  now?: () => number;
}

export async function crawl(options: CrawlOptions): Promise<CrawlSummary> {
  const now = options.now ?? Date.now;
  const iso = (): string => new Date(now()).toISOString();
  const emit = options.onProgress ?? (() => {});
  throwIfAborted(options.signal);
  // Before any request: the lock also proves the data dir writable (DataDirError otherwise).
  const release = acquireDataDirLock(options.dataDir, 'crawl', { now });
  let catalog: Catalog | undefined;
  let active: CrawlSnapshot | undefined;
  try {
    catalog = openCatalog(options.dataDir);
    catalog.snapshots.prune(iso()); // finishes a cleanup an earlier run was killed in
    const startedAt = now();
    const current = catalog.snapshots.current();
    if (current !== null && !options.fresh) {
      checkEndpoint(current, options.client.endpoint);
      if (current.status === 'finished') {
        return {
          outcome: 'up-to-date',
          snapshot: current,
          resumed: false,
          pages: 0,
          models: 0,
          elapsedMillis: 0,
        };
      }
    }
    let snapshot: CrawlSnapshot;
    if (current?.status === 'running' && !options.fresh) {
      snapshot = current;
    } else {
      if (current?.status === 'running') {
        catalog.snapshots.abandon(current.id, iso());
        catalog.snapshots.prune(iso());
      }
      snapshot = catalog.snapshots.start({
        endpoint: options.client.endpoint,
        query: crawlQuery('expand', options.pageSize ?? DEFAULT_PAGE_SIZE),
        queryMode: 'expand',
        now: iso(),
      });
    }
    active = snapshot;
    const resumed = snapshot.pages > 0;
    emit({
      type: 'start',
      snapshotId: snapshot.id,
      endpoint: snapshot.endpoint,
      resumed,
      queryMode: snapshot.queryMode,
      pages: snapshot.pages,
      models: snapshot.models,
    });

    const run = { pages: 0, models: 0 };
    catalog.suspendRankingIndex(); // rebuilt by the commit that finishes the snapshot (ranking-index.ts)
    // Each refusal removes at least one expand value, so this ends; the bound is for a server that lies.
    for (let refusals = 0; ; refusals++) {
      try {
        snapshot = await listInto(catalog, snapshot, options, run, startedAt);
        break;
      } catch (error) {
        // Pages this run committed before the error are in the catalog, not in `snapshot`.
        snapshot = catalog.snapshots.get(snapshot.id) as CrawlSnapshot;
        // The only 400 we expect is an expand value this server does not know, on page 1.
        if (!(error instanceof BadRequestError) || snapshot.pages > 0 || snapshot.queryMode !== 'expand') {
          throw error;
        }
        snapshot = await afterRefusal(catalog, snapshot, options, error, refusals, iso);
      }
    }
    if (snapshot.status !== 'finished') {
      throw new CatalogError(
        `the listing of ${snapshot.endpoint} ended without a last page (crawl ${snapshot.id} stays resumable)`,
      );
    }
    // A crawl resumed from before the relation tables existed derives them now, from the stored items.
    if (options.relations !== false) ensureRelations(catalog, snapshot.id);
    emit({ type: 'finished', snapshot });
    const rows = catalog.snapshots.prune(iso());
    if (rows > 0) emit({ type: 'pruned', rows });
    return { outcome: 'finished', snapshot, resumed, ...run, elapsedMillis: now() - startedAt };
  } catch (error) {
    // `status` shows the crawl as failed (or interrupted) with why, not as running; it stays resumable.
    try {
      if (catalog !== undefined && active !== undefined) {
        catalog.snapshots.recordError(active.id, errorText(error), iso());
      }
    } catch {
      // The error that stopped the crawl is the one to report, not a failure to note it.
    }
    throw error;
  } finally {
    catalog?.close();
    release();
  }
}

/**
 * A 400 on the first page of an expand crawl: keep the values the server accepts (recorded in the
 * snapshot's query), or fall back to `full=true` when none can be singled out.
 */
async function afterRefusal(
  catalog: Catalog,
  snapshot: CrawlSnapshot,
  options: CrawlOptions,
  error: BadRequestError,
  refusals: number,
  iso: () => string,
): Promise<CrawlSnapshot> {
  const emit = options.onProgress ?? (() => {});
  const limit = snapshot.query.limit ?? DEFAULT_PAGE_SIZE;
  const asked = snapshot.query.expand ?? [];
  const negotiated = refusals < asked.length ? await negotiateExpand(options.client, asked, error) : null;
  if (negotiated === null) {
    emit({ type: 'fallback', reason: error.message });
    catalog.snapshots.setQuery(snapshot.id, crawlQuery('full', limit), 'full', iso());
  } else {
    emit({ type: 'expand-refused', refused: negotiated.refused, learnt: negotiated.learnt });
    catalog.snapshots.setQuery(snapshot.id, { expand: negotiated.kept, limit }, 'expand', iso());
  }
  return catalog.snapshots.get(snapshot.id) as CrawlSnapshot;
}

/** Follows the listing from the snapshot's cursor, committing each page; returns the snapshot after the last. */
async function listInto(
  catalog: Catalog,
  start: CrawlSnapshot,
  options: CrawlOptions,
  run: { pages: number; models: number },
  startedAt: number,
): Promise<CrawlSnapshot> {
  const now = options.now ?? Date.now;
  let snapshot = start;
  const pages = options.client.listModelPages(snapshot.query, snapshot.nextUrl ?? undefined);
  for await (const page of pages) {
    snapshot = catalog.snapshots.commitPage(snapshot.id, {
      items: page.items,
      // Derived in the same pass, from the item alone: no request, and committed with the page.
      relations:
        snapshot.relationsVersion === null ? undefined : page.items.map((i) => deriveRelations(i.model)),
      nextUrl: page.nextUrl,
      expectedPages: snapshot.pages,
      now: new Date(now()).toISOString(),
    });
    run.pages += 1;
    run.models += page.items.length;
    const seconds = (now() - startedAt) / 1000;
    options.onProgress?.({
      type: 'page',
      snapshotId: snapshot.id,
      url: page.url,
      pageModels: page.items.length,
      pages: snapshot.pages,
      models: snapshot.models,
      runPages: run.pages,
      runModels: run.models,
      modelsPerSecond: seconds > 0 ? run.models / seconds : 0,
    });
    if (snapshot.status === 'finished') break;
    throwIfAborted(options.signal);
  }
  return snapshot;
}

function errorText(error: unknown): string {
  return `${isHfTorrentError(error) ? error.code : 'ERROR'}: ${describeError(error)}`;
}

function checkEndpoint(snapshot: CrawlSnapshot, endpoint: string): void {
  // both come normalised from the client (normalizeEndpoint): the stored one is the client's of that crawl
  if (snapshot.endpoint === endpoint) return;
  const what = snapshot.status === 'running' ? 'an unfinished crawl' : 'a finished crawl';
  throw new ConfigError(
    `the catalog holds ${what} (#${snapshot.id}) of ${snapshot.endpoint}, not ${endpoint}: ` +
      `use --endpoint ${snapshot.endpoint} to ${snapshot.status === 'running' ? 'resume' : 'keep'} it, ` +
      `or --fresh to crawl ${endpoint} instead`,
  );
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError('crawl aborted; run it again to resume');
}
