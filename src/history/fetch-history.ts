/**
 * `download --history`: the commit history of every verified repo's pinned commit and the repo's refs, into
 * the catalog (repo_commit, repo_ref). Over HTTP that is the Hub's commits endpoint (one request per 100
 * commits) and its refs endpoint (one request): API calls, paced by the client like every other, a few repos
 * at a time. Git-mode repos read both from their clone instead, without a request. A repo whose history is
 * stored at its downloaded commit is skipped, so a re-run only fetches what is new.
 */
import pLimit from 'p-limit';
import { join } from 'node:path';
import { acquireDataDirLock, hubDir, LAYOUT, openCatalog } from '../catalog/index.js';
import type { HistoryTarget } from '../catalog/history-store.js';
import { repoFolderSegments } from '../download/repo-folder.js';
import type { HubClient } from '../hub/hub-client.js';
import type { RepoCommitInfo } from '../types.js';
import { gitHistory } from './git-history.js';

export interface HistoryOptions {
  dataDir: string;
  client: HubClient;
  /** Repos whose history is fetched at once. Default 4 (the client's pacing still bounds the request rate). */
  concurrency?: number;
  signal?: AbortSignal;
  onRepo?: (event: { repoId: string; source: 'api' | 'git'; commits: number; requests: number }) => void;
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

export interface HistorySummary {
  repos: number;
  commits: number;
  refs: number;
  /** API requests made (git-mode repos take none). */
  requests: number;
  failed: Array<{ repoId: string; error: string }>;
}

/** What `--history` costs in API requests at least, for a dry run: a refs call and one commits page each. */
export function historyRequestEstimate(repos: number): number {
  return 2 * repos;
}

export async function fetchHistory(options: HistoryOptions): Promise<HistorySummary> {
  const now = options.now ?? Date.now;
  const release = acquireDataDirLock(options.dataDir, 'history', { now });
  const catalog = openCatalog(options.dataDir);
  try {
    const store = catalog.history;
    const reposDir = join(hubDir(options.dataDir), LAYOUT.reposDir);
    const summary: HistorySummary = { repos: 0, commits: 0, refs: 0, requests: 0, failed: [] };
    const limit = pLimit(options.concurrency ?? 4);
    await Promise.all(
      store.missing().map((target) =>
        limit(async () => {
          if (options.signal?.aborted) return;
          try {
            const h = await historyOf(target, options.client, reposDir);
            store.put({
              ...h,
              repoId: target.repoId,
              revision: target.commit,
              fetchedAt: new Date(now()).toISOString(),
            });
            summary.repos += 1;
            summary.commits += h.commits.length;
            summary.refs += h.refs.length;
            summary.requests += h.requests;
            options.onRepo?.({
              repoId: target.repoId,
              source: h.source,
              commits: h.commits.length,
              requests: h.requests,
            });
          } catch (error) {
            summary.failed.push({
              repoId: target.repoId,
              error: (error as Error).message.split('\n')[0] ?? '',
            });
          }
        }),
      ),
    );
    return summary;
  } finally {
    catalog.close();
    release();
  }
}

async function historyOf(target: HistoryTarget, client: HubClient, reposDir: string) {
  if (target.method === 'git') {
    const { commits, refs } = await gitHistory(
      join(reposDir, ...repoFolderSegments(target.repoId)),
      target.commit,
    );
    return { source: 'git' as const, commits, refs, requests: 0 };
  }
  const refs = await client.listRefs(target.repoId);
  const commits: RepoCommitInfo[] = [];
  for await (const c of client.listCommits(target.repoId, target.commit)) commits.push(c);
  // One refs request, one commits request per page of 100.
  const requests = 1 + Math.max(1, Math.ceil(commits.length / 100));
  return { source: 'api' as const, commits, refs, requests };
}
