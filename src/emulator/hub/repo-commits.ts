/**
 * A repo's commits: its files with their git blob ids and LFS oids, its real git trees, and its real git
 * commit id. Built on demand from the layout and kept in a bounded LRU.
 */
import type { HubContext } from './hub-context.js';
import type { HubModel } from './hub-model.js';
import { contentGitSha1, contentSha256, contentSize } from './file-content.js';
import {
  buildTrees,
  commitId,
  gitObjectId,
  lfsPointerText,
  type BuiltTree,
  type TreeEntry,
} from './git-objects.js';
import { isoSeconds } from './generate-model.js';
import { Lru } from './lru.js';
import { GITATTRIBUTES_CONTENT, repoLayout, type FileSpec } from './repo-layout.js';

export interface LfsInfo {
  /** sha256 of the content (64 hex), the LFS oid. */
  sha256: string;
  /** Content size in bytes. */
  size: number;
  /** Size of the pointer text git stores instead. */
  pointerSize: number;
}

/** A file of a repo at a commit: what a client must fetch and how to verify it. */
export interface HubFile {
  path: string;
  /** Content size (the real size for LFS files, not the pointer's). */
  size: number;
  /** Git blob id: sha1 of the content, or of the pointer text for LFS files. */
  blobId: string;
  lfs: LfsInfo | null;
}

export interface RepoCommit {
  /** Commit id (40 hex), equal to what git computes for these objects. */
  sha: string;
  /** 0 = `initial commit`, 1 = the upload, 2 = the moved repo's update. */
  number: number;
  parent: string | null;
  /** Root tree id. */
  tree: string;
  /** Unix seconds. */
  time: number;
  /** ISO-8601 with milliseconds. */
  date: string;
  title: string;
  authorName: string;
  authorEmail: string;
  /** Files in git order (`git ls-tree -r`). */
  files: HubFile[];
  /** Files and directories in git order, directories before their contents. */
  entries: TreeEntry[];
  /** Lookup of files by path. */
  byPath: ReadonlyMap<string, HubFile>;
  /** Lookup of directories (path → tree id); the root is `''`. */
  dirs: ReadonlyMap<string, string>;
  /** Where each file's bytes come from. */
  specs: ReadonlyMap<string, FileSpec>;
}

const TITLES = ['initial commit', 'Upload folder using huggingface_hub', 'Update README.md and weights'];

function hashFile(spec: FileSpec): HubFile {
  const size = contentSize(spec.source);
  if (!spec.lfs) return { path: spec.path, size, blobId: contentGitSha1(spec.source), lfs: null };
  const sha256 = contentSha256(spec.source);
  const pointer = lfsPointerText(sha256, size);
  return {
    path: spec.path,
    size,
    blobId: gitObjectId('blob', Buffer.from(pointer, 'utf8')),
    lfs: { sha256, size, pointerSize: Buffer.byteLength(pointer) },
  };
}

/** .gitattributes is the same in every repo: hash it once. */
let gitattributesBlob: string | null = null;

function hashSpec(spec: FileSpec): HubFile {
  if (spec.source === GITATTRIBUTES_CONTENT) {
    gitattributesBlob ??= contentGitSha1(spec.source);
    return { path: spec.path, size: contentSize(spec.source), blobId: gitattributesBlob, lfs: null };
  }
  return hashFile(spec);
}

let initialTree: BuiltTree | null = null;

/** A built commit; its lookup maps are made on first use (the listing only needs `sha` and `files`). */
class BuiltCommit implements RepoCommit {
  private byPathMap: Map<string, HubFile> | null = null;
  private dirsMap: Map<string, string> | null = null;
  private specsMap: Map<string, FileSpec> | null = null;

  constructor(
    readonly sha: string,
    readonly number: number,
    readonly parent: string | null,
    readonly tree: string,
    readonly time: number,
    readonly title: string,
    readonly authorName: string,
    readonly authorEmail: string,
    readonly files: HubFile[],
    readonly entries: TreeEntry[],
    private readonly specList: FileSpec[],
  ) {}

  get date(): string {
    return isoSeconds(this.time);
  }

  get byPath(): ReadonlyMap<string, HubFile> {
    return (this.byPathMap ??= new Map(this.files.map((f) => [f.path, f])));
  }

  get dirs(): ReadonlyMap<string, string> {
    if (this.dirsMap === null) {
      this.dirsMap = new Map([['', this.tree]]);
      for (const e of this.entries) if (e.type === 'directory') this.dirsMap.set(e.path, e.oid);
    }
    return this.dirsMap;
  }

  get specs(): ReadonlyMap<string, FileSpec> {
    return (this.specsMap ??= new Map(this.specList.map((s) => [s.path, s])));
  }
}

export class RepoCommits {
  private readonly cache: Lru<string, RepoCommit>;

  /** @param capacity commits kept in memory (default 512). */
  constructor(
    private readonly ctx: HubContext,
    capacity = 512,
  ) {
    this.cache = new Lru(capacity);
  }

  /** Commit number `n` of `model` (0 ≤ n < model.commitTimes.length). */
  commit(model: HubModel, n: number): RepoCommit {
    const key = `${model.index}:${n}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const built = this.build(model, n);
    this.cache.set(key, built);
    return built;
  }

  private build(model: HubModel, n: number): RepoCommit {
    const time = model.commitTimes[n];
    if (time === undefined) throw new RangeError(`${model.id} has no commit ${n}`);
    const parent = n === 0 ? null : this.commit(model, n - 1).sha;
    const specs = repoLayout(this.ctx, model, n);
    const hashed = specs.map(hashSpec);
    // every repo's initial commit has the same tree (.gitattributes alone): build it once
    const { rootTree, entries } = n === 0 ? (initialTree ??= buildTrees(hashed)) : buildTrees(hashed);
    const blobs = new Map(hashed.map((f) => [f.path, f]));
    const files: HubFile[] = [];
    for (const e of entries) if (e.type === 'file') files.push(blobs.get(e.path) as HubFile);
    const authorName = model.author ?? 'system';
    const authorEmail = `${authorName}@users.noreply.huggingface.co`;
    const title = TITLES[Math.min(n, TITLES.length - 1)] as string;
    const sha = commitId({
      tree: rootTree,
      parents: parent === null ? [] : [parent],
      authorName,
      authorEmail,
      time,
      message: title,
    });
    return new BuiltCommit(
      sha,
      n,
      parent,
      rootTree,
      time,
      title,
      authorName,
      authorEmail,
      files,
      entries,
      specs,
    );
  }
}
