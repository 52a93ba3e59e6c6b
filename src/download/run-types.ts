/** State shared by the producer (admission) and the workers of one download run. */
import type { RepoFile } from '../types.js';
import type { ExpectedContent } from './content-hash.js';

export interface RepoRun {
  repoId: string;
  commit: string;
  /** Segments of the repo folder under the layout's root (`[AUTHOR, MODEL]` in `repos/`). */
  folderSegments: readonly string[];
  /** The branch or tag the commit stands for (download-method.ts), null when none. */
  revision: string | null;
  /** Every file of the pinned commit (the hf-cache layout lists them once the repo is verified). */
  manifestFiles: readonly RepoFile[];
  /** Files selected by the filters, and their bytes. */
  files: number;
  bytes: number;
  /** Files handed to workers and not finished yet. */
  remaining: number;
  verifiedFiles: number;
  verifiedBytes: number;
  failedFiles: number;
  /** The first file failure (the repo ends failed with it). */
  failure: { reason: string; detail: string } | null;
  /** A repo-level answer from the Hub met while fetching (gated, not found, disabled, revision gone). */
  stop: { state: 'skipped' | 'failed'; reason: string; detail: string } | null;
  /** Aborted to cancel the repo's files in flight when `stop` is set (and by the run's signal). */
  readonly controller: AbortController;
  readonly signal: AbortSignal;
  /** Creation of the repo's staging folder, once per run (shared by its files). */
  staging: Promise<void> | null;
  /** Directories of this repo already checked to be real (not symlinks) in this run. */
  readonly knownDirs: Set<string>;
}

export interface FileTask {
  run: RepoRun;
  path: string;
  /** The path's segments, already checked by safePathSegments. */
  segments: string[];
  expected: ExpectedContent;
  /** A regular file of the right size is at the final path but the ledger does not say verified: hash it. */
  checkFinal: boolean;
}
