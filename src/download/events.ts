/**
 * What a download run tells its caller while it works. The library never prints: the CLI renders these as
 * progress bars or lines, and tests assert on them.
 */
import type { RepoState } from '../catalog/ledger.js';
import type { DownloadSummary } from './summary.js';

export interface FileInFlight {
  repoId: string;
  path: string;
  /** Bytes of this file on disk so far. */
  bytes: number;
  size: number;
}

/** Counters for a progress line: overall bytes and rate, ETA inputs, files in flight. */
export interface ProgressSnapshot {
  /** Bytes verified or on disk for files this run took on (grows as repos are admitted). */
  bytesDone: number;
  /** Bytes of every file this run took on so far (not final until every repo is admitted). */
  bytesTotal: number;
  /** Bytes received from the network by this run. */
  bytesFetched: number;
  /** Network bytes per second over the last few seconds. */
  bytesPerSecond: number;
  filesDone: number;
  filesTotal: number;
  reposDone: number;
  reposTotal: number;
  /** Repos admitted so far: `bytesTotal` holds their files (with `reposTotal`, an estimate of the rest). */
  reposAdmitted: number;
  /** True once every repo has been admitted, so that `bytesTotal` is final and an ETA is meaningful. */
  totalsFinal: boolean;
  elapsedMillis: number;
  inFlight: FileInFlight[];
}

export type DownloadEvent =
  /** `concurrency` counts files in flight (http) or repos cloned at once (git). */
  | { type: 'run-start'; method: 'http' | 'git'; repos: number; dryRun: boolean; concurrency: number }
  /** A repo changed state (downloading, verified, skipped, failed). */
  | {
      type: 'repo-state';
      repoId: string;
      state: RepoState;
      reason?: string;
      detail?: string;
      commit?: string;
      files?: number;
      bytes?: number;
      /** Git mode, once verified: bytes the repo folder takes on disk (hard links counted once). */
      diskBytes?: number;
    }
  /** `--dry-run`: what a real run would fetch for one repo. */
  | { type: 'repo-plan'; plan: RepoPlanSummary }
  | { type: 'file-start'; repoId: string; path: string; size: number }
  | {
      type: 'file-retry';
      repoId: string;
      path: string;
      kind: 'resume' | 'range-ignored' | 'hash-mismatch' | 'size-mismatch';
      offset: number;
      reason: string;
    }
  | {
      type: 'file-done';
      repoId: string;
      path: string;
      size: number;
      state: 'verified' | 'failed';
      reason?: string;
      /** Resolve requests this file cost in this run (0 when it was verified from disk). */
      resolveRequests: number;
    }
  | ({ type: 'progress' } & ProgressSnapshot)
  | { type: 'run-end'; summary: DownloadSummary };

/** One repo in a `--dry-run` listing. */
export interface RepoPlanSummary {
  repoId: string;
  commit: string;
  /** Files selected by the filters, and their bytes. */
  files: number;
  bytes: number;
  /** Of those, what a run would fetch (not yet verified on disk). */
  filesToFetch: number;
  bytesToFetch: number;
  /** The listing says the repo is gated: a real run gets it only if the token has access. */
  gated?: true;
}
