/**
 * What a download method (HTTP files, git clones, later others) implements. The engine (run-engine.ts) owns
 * everything the methods share: manifests resolved ahead, admission in rank order (unsafe paths, filters,
 * budget), stopping the run, and the tally into summary, progress, ledger and events. A method gets repos that
 * passed admission and fetches them its own way, ending each through the tally.
 */
import type { DownloadMethod as MethodName, LedgerRepo } from '../../catalog/ledger.js';
import type { RepoFile } from '../../types.js';
import type { RepoManifest } from '../repo-manifest.js';

/** One file of an admitted repo, its path already checked by safePathSegments. */
export interface CheckedFile {
  file: RepoFile;
  segments: string[];
}

/** A repo that passed admission: every path is safe, the selection is not empty and fits the budget. */
export interface AdmittedRepo {
  repoId: string;
  manifest: RepoManifest;
  /** The branch or tag the pinned commit stands for (hf-cache: `refs/<revision>`), null when none. */
  revision: string | null;
  /** The repo folder's segments under the layout's root (`[AUTHOR, MODEL]` in `repos/`) and its absolute path. */
  folderSegments: readonly string[];
  folder: string;
  /** Every file of the manifest, checked. */
  all: CheckedFile[];
  /** The files `--include`/`--exclude` select (all of them without filters), and their bytes. */
  selected: CheckedFile[];
  bytes: number;
  /** The ledger's row before this run touched it. */
  previous: LedgerRepo | null;
}

export interface DownloadMethodRun {
  readonly name: MethodName;
  /** Before the first repo (start workers, open a git session). */
  start(): Promise<void>;
  /** Resolves when another repo may be admitted (bounded work in flight). */
  waitForRoom(): Promise<void>;
  /** Takes an admitted repo: plans it (dry run), finds it already verified, or starts fetching it. */
  take(repo: AdmittedRepo): Promise<void>;
  /** No more repos will come: resolves once all work in flight has ended. */
  drain(): Promise<void>;
  /** Releases what the method holds (workers, a git session). Called once, also after a failure. */
  close(): Promise<void>;
}
