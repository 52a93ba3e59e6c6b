/**
 * Domain types shared by the pipeline stages. The Hub's wire types live in src/hub/types and never leave
 * src/hub; its mappers turn them into these.
 */

export type Gated = false | 'auto' | 'manual';

/** One model as the listing described it, with the fields selection and export need. */
export interface ModelRecord {
  /** Repo id, `namespace/name` (or a legacy single-segment name). */
  id: string;
  /** The Hub's Mongo `_id` (24 hex), when sent. */
  mongoId: string | null;
  /** Namespace as the Hub reports it; null for legacy ids without `author`. */
  author: string | null;
  /** Commit sha of `main` at listing time. */
  sha: string | null;
  lastModified: string | null;
  createdAt: string | null;
  private: boolean;
  gated: Gated;
  disabled: boolean;
  /** Downloads over the last 30 days. */
  downloads: number;
  downloadsAllTime: number | null;
  likes: number;
  libraryName: string | null;
  pipelineTag: string | null;
  tags: string[];
  /** The README front matter, as JSON (null when absent). */
  cardData: Record<string, unknown> | null;
  /** The trimmed config.json (null when absent). */
  config: Record<string, unknown> | null;
  /** File names from the listing's siblings (no sizes there). */
  siblings: string[];
  /** Bytes over all revisions, when sent. */
  usedStorage: number | null;
}

/** A listed model plus the raw item exactly as the Hub sent it (stored verbatim for hf_metadata.json). */
export interface ListedModel {
  model: ModelRecord;
  raw: Record<string, unknown>;
}

export interface LfsInfo {
  /** sha256 of the content (64 hex). */
  sha256: string;
  size: number;
  pointerSize: number;
}

/** One file of a repository at a commit: what a download must fetch and how to verify it. */
export interface RepoFile {
  /** Path relative to the repo root, `/`-separated, as the Hub sent it (not yet checked for safety). */
  path: string;
  /** Content size in bytes (for LFS files, the real content size, not the pointer's). */
  size: number;
  /** Git blob sha1 (for LFS files, the sha1 of the pointer file). */
  blobId: string;
  lfs: LfsInfo | null;
}
