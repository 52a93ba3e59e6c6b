/**
 * `select`: rank the latest finished crawl by downloads (descending, then id ascending, so ties are
 * deterministic), keep the top share or the top K, store the selection in the catalog (replacing the previous
 * one in one transaction) and write it as split_urls shards. Pure and deterministic over the catalog: the same
 * snapshot and options give the same selection and the same files. The catalog is the source of truth: a run
 * killed after its commit but before the shard folder is swapped in leaves the previous set of files whole
 * (write-split-urls.ts), and running select again rewrites them.
 */
import type { CrawlSnapshot, Selection } from '../catalog/index.js';
import {
  acquireDataDirLock,
  decideEndpoint,
  openCatalog,
  requireCatalog,
  splitUrlsDir,
} from '../catalog/index.js';
import { StageNotRunError } from '../errors.js';
import { DEFAULT_SHARDS, effectiveShards, selectionCount, selectionRule } from './selection-size.js';
import { writeSplitUrls } from './write-split-urls.js';

export interface SelectOptions {
  dataDir: string;
  /** Share of the catalogued models to keep, in (0, 1]. Default 0.1 when `top` is not given. */
  shrinkage?: number;
  /** Keep exactly min(top, N) models instead of a share. */
  top?: number;
  /**
   * Number of split_urls files, 1 to 10000. Default 100. No more files are written than models selected
   * (the selection records the number written).
   */
  shards?: number;
  /** Stops between split_urls files; the previous set stays in place. */
  signal?: AbortSignal;
  /** Base of the URLs in split_urls (no trailing slash). Default: the crawled snapshot's endpoint. */
  endpoint?: string;
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

export interface SelectSummary {
  selection: Selection;
  snapshot: CrawlSnapshot;
  /** The split_urls files, in shard order. */
  files: string[];
  /** Set when the selection is empty (too small a shrinkage for the catalogue). */
  warning: string | null;
  elapsedMillis: number;
}

export async function select(options: SelectOptions): Promise<SelectSummary> {
  const now = options.now ?? Date.now;
  const rule = selectionRule(options);
  const asked = options.shards ?? DEFAULT_SHARDS;
  effectiveShards(asked, 0); // validates before touching anything
  const started = now();
  requireCatalog(options.dataDir);
  const release = acquireDataDirLock(options.dataDir, 'select', { now });
  const catalog = openCatalog(options.dataDir);
  try {
    const snapshot = catalog.snapshots.latestFinished();
    if (snapshot === null) {
      const running = catalog.snapshots.current();
      throw new StageNotRunError(
        running === null
          ? 'nothing to select from: the catalog has no crawl yet; run `hftorrent crawl` first'
          : `nothing to select from: crawl #${running.id} has not finished (${running.models} models so far); ` +
              'run `hftorrent crawl` again to finish it',
      );
    }
    const endpoint = decideEndpoint(options.endpoint, snapshot.endpoint);
    const total = catalog.models.count(snapshot.id);
    const count = selectionCount(total, rule);
    const shards = effectiveShards(asked, count);
    const selection = catalog.selections.replace({
      snapshotId: snapshot.id,
      method: 'top' in rule ? 'top' : 'shrinkage',
      shrinkage: 'shrinkage' in rule ? rule.shrinkage : null,
      top: 'top' in rule ? rule.top : null,
      total,
      count,
      shards,
      endpoint,
      now: new Date(now()).toISOString(),
    });
    const files = await writeSplitUrls(
      splitUrlsDir(options.dataDir),
      count,
      shards,
      (from, to) => catalog.selections.lineChunks(`${endpoint}/`, from, to),
      options.signal,
    );
    const warning =
      count === 0
        ? `the selection is empty: ${'top' in rule ? `top ${rule.top}` : `shrinkage ${rule.shrinkage}`} of ` +
          `${total} catalogued models selects none`
        : null;
    return { selection, snapshot, files, warning, elapsedMillis: now() - started };
  } finally {
    catalog.close();
    release();
  }
}
