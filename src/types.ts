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
  /** The Hub's trending score, when sent. */
  trendingScore: number | null;
  /** Parameter counts, when the repo has safetensors weights and the listing sent them. */
  safetensors: SafetensorsFacts | null;
  /** GGUF header facts, when the repo has a GGUF file and the listing sent them. */
  gguf: GgufFacts | null;
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

/** Parameter counts from the Hub's `safetensors` block (the safetensors headers of the repo's main commit). */
export interface SafetensorsFacts {
  /** Parameters over every dtype. */
  total: number;
  /** Parameters per dtype (`BF16`, `F32`, `I64`, ...). */
  parameters: Record<string, number>;
}

/** What the Hub read from a repo's GGUF file header (its `gguf` block). */
export interface GgufFacts {
  /** Parameters. */
  total: number | null;
  architecture: string | null;
  /** Tokens. */
  contextLength: number | null;
  hasChatTemplate: boolean;
}

/** How a model derives from a base model (the Hub's `base_model:<relation>:<id>` tags). */
export type BaseModelRelation = 'finetune' | 'adapter' | 'quantized' | 'merge' | 'unknown';

/** Where a derived fact came from: the tags, the model card (`cardData`), both, or the listing's own fields. */
export type FactSource = 'tag' | 'card' | 'card+tag' | 'listing' | 'config';

/** A named thing a model points at (a license, a dataset, a language, ...), with where the claim came from. */
export interface NamedRef {
  /** Normalized name: the key of its table. */
  name: string;
  source: FactSource;
}

export interface LicenseRef extends NamedRef {
  /** For `other` licenses: the card's `license_name`. */
  licenseName: string | null;
  /** For `other` licenses: the card's `license_link`. */
  licenseLink: string | null;
}

/** A paper: `name` is `arxiv:<id>` (no version suffix) or `doi:<doi>` (lower case). */
export interface PaperRef extends NamedRef {
  arxivId: string | null;
  doi: string | null;
}

/** One lineage edge: this model derives from `baseId` (a repo id, possibly outside the listing). */
export interface BaseModelEdge {
  baseId: string;
  relation: BaseModelRelation;
  source: FactSource;
}

/** Everything the catalog's normalized tables hold for one model, derived from its listing item alone. */
export interface ModelRelations {
  authors: NamedRef[];
  licenses: LicenseRef[];
  datasets: NamedRef[];
  papers: PaperRef[];
  languages: NamedRef[];
  libraries: NamedRef[];
  tags: NamedRef[];
  architectures: NamedRef[];
  baseModels: BaseModelEdge[];
  /** Safetensors parameter counts per dtype. */
  parameters: Array<{ dtype: string; count: number }>;
}

/** One commit of a repo's history, as the Hub's commits endpoint (or `git log`) describes it. */
export interface RepoCommitInfo {
  /** Commit id (40 hex). */
  id: string;
  title: string;
  message: string;
  /** Author user names (the Hub) or `name <email>` (git). */
  authors: string[];
  /** ISO-8601. */
  date: string | null;
}

/** A branch, tag or convert ref of a repo and the commit it points at. */
export interface RepoRef {
  kind: 'branch' | 'tag' | 'convert' | 'pull_request';
  name: string;
  /** `refs/heads/main`, `refs/tags/v1`, ... */
  ref: string;
  targetCommit: string;
}
