/** One entry of `GET /api/models/{id}/tree/{rev}[/{path}]?recursive=true` (a bare JSON array, paginated). */
export interface ApiTreeEntry {
  type: 'file' | 'directory' | 'unknown';
  /** Git blob sha1 (file; for LFS, of the pointer) or tree sha1 (directory). */
  oid: string;
  /** Content size; 0 for directories. */
  size: number;
  /** Relative to the repo root, even for a sub-path request. */
  path: string;
  lfs?: ApiTreeEntryLfs;
  /** Xet-migrated files only; not a sha256, never used for verification. */
  xetHash?: string;
  lastCommit?: { id: string; title: string; date: string };
}

/** `lfs` of a tree entry: note `oid` (the sha256) here, `sha256` in siblings. */
export interface ApiTreeEntryLfs {
  oid: string;
  size: number;
  pointerSize: number;
}
