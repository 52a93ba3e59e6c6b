/**
 * The end of a run: verified, skipped and failed repos with reasons and bytes. The CLI prints it and maps it
 * to an exit status with `downloadExitStatus`.
 */
import type { RepoPlanSummary } from './events.js';

export interface RepoReason {
  repoId: string;
  /** Machine code: gated, not_found, disabled, filtered, over_budget; or unsafe_path, hash_mismatch, ... */
  reason: string;
  /** One line for a human. */
  detail: string | null;
}

export interface DownloadSummary {
  dryRun: boolean;
  repos: { total: number; verified: number; skipped: number; failed: number };
  files: {
    /** Files of the repos this run took on (after filters). */
    total: number;
    verified: number;
    failed: number;
    /** Files downloaded by this run. */
    fetched: number;
  };
  bytes: {
    total: number;
    verified: number;
    /** Received from the network by this run (more than the files' bytes when something was fetched twice). */
    fetched: number;
    /** Partial bytes left by an earlier run that this run did not need to fetch again. */
    reused: number;
    /** Git mode: bytes the verified repo folders take on disk (`du`, hard links counted once). */
    disk?: number;
  };
  /** Counts by reason, e.g. `{ gated: 2, not_found: 1 }`. */
  skippedByReason: Record<string, number>;
  failedByReason: Record<string, number>;
  skipped: RepoReason[];
  failed: RepoReason[];
  /** Requests to the resolve endpoint made by this run (one per file on a clean run). */
  resolveRequests: number;
  elapsedMillis: number;
  /** `--dry-run` only: per repo, what a real run would fetch. */
  plan?: RepoPlanSummary[];
  /** `--dry-run` with a token: the planned repos the listing says are gated (fetched only with access). */
  gatedInPlan?: { repos: number; bytes: number };
  /** Present when the caller's signal stopped the run: the counts are what was done until then. */
  interrupted?: true;
}

/** Exit status for a finished run: 1 when any repo failed, else 0 (verified or skipped for a stated reason). */
export function downloadExitStatus(summary: Pick<DownloadSummary, 'repos'>): 0 | 1 {
  return summary.repos.failed > 0 ? 1 : 0;
}

export function emptySummary(dryRun: boolean): DownloadSummary {
  return {
    dryRun,
    repos: { total: 0, verified: 0, skipped: 0, failed: 0 },
    files: { total: 0, verified: 0, failed: 0, fetched: 0 },
    bytes: { total: 0, verified: 0, fetched: 0, reused: 0 },
    skippedByReason: {},
    failedByReason: {},
    skipped: [],
    failed: [],
    resolveRequests: 0,
    elapsedMillis: 0,
  };
}
