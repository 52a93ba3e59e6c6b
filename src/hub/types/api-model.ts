/**
 * A model as `GET /api/models` (one list item) and `GET /api/models/{id}` send it. With `expand=` only
 * `_id`, `id` and the expanded properties come back, and legacy ids have no `author`, so every field but
 * `id` may be absent. Names are the server's.
 */
export interface ApiModel {
  /** Mongo ObjectId, 24 hex. */
  _id?: string;
  id: string;
  /** Legacy duplicate of `id`. */
  modelId?: string;
  author?: string;
  sha?: string;
  lastModified?: string;
  createdAt?: string;
  private?: boolean;
  gated?: false | 'auto' | 'manual';
  disabled?: boolean;
  /** Last 30 days. */
  downloads?: number;
  /** Expand only. */
  downloadsAllTime?: number;
  likes?: number;
  trendingScore?: number;
  library_name?: string;
  pipeline_tag?: string;
  tags?: string[];
  cardData?: Record<string, unknown> | null;
  config?: Record<string, unknown> | null;
  siblings?: ApiSibling[];
  /** Bytes over all revisions. Expand only. */
  usedStorage?: number;
  safetensors?: { parameters?: Record<string, number>; total?: number };
  /** `{total, architecture, context_length, chat_template?, bos_token?, eos_token?}`. Expand only. */
  gguf?: { total?: number; architecture?: string; context_length?: number; chat_template?: string };
  baseModels?: { relation?: string; models?: Array<{ _id?: string; id: string }> };
  [property: string]: unknown;
}

/** One file of `siblings`. Only `rfilename` in listings; sizes and hashes with `blobs=true` on model info. */
export interface ApiSibling {
  rfilename: string;
  /** Content size (for LFS files, the real size). */
  size?: number;
  /** Git blob sha1 (for LFS files, of the pointer). */
  blobId?: string;
  lfs?: ApiSiblingLfs;
}

/** `lfs` of a sibling: note `sha256` here, `oid` in the tree. */
export interface ApiSiblingLfs {
  sha256: string;
  size: number;
  pointerSize: number;
}
