/**
 * Real git object ids for the synthetic repos: blobs, LFS pointers, trees and commits hashed exactly as
 * git hashes them, so that a repository built from the same data (git mode) has the listed commit ids.
 */
import { hash } from 'node:crypto';

/** sha1 of `<type> <len>\0<body>`: any git object's id. */
export function gitObjectId(type: 'blob' | 'tree' | 'commit', body: Buffer): string {
  return hash('sha1', Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]), 'hex');
}

/** The 3-line LFS pointer committed in place of an LFS file's content. */
export function lfsPointerText(sha256: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
}

export interface TreeFile {
  path: string;
  /** Blob id of what git stores (the pointer's blob for LFS files). */
  blobId: string;
}

export interface TreeEntry {
  /** Path from the repo root. */
  path: string;
  type: 'file' | 'directory';
  /** Blob id for files, tree id for directories. */
  oid: string;
}

export interface BuiltTree {
  /** Root tree id. */
  rootTree: string;
  /** Every file and directory in `git ls-tree -r -t` order (a directory comes right before its contents). */
  entries: TreeEntry[];
}

interface Dir {
  files: Map<string, string>;
  dirs: Map<string, Dir>;
}

const FILE_MODE = '100644';
const DIR_MODE = '40000';

function emptyDir(): Dir {
  return { files: new Map(), dirs: new Map() };
}

/** A name as a latin1 string of its UTF-8 bytes: compares and concatenates like the bytes themselves. */
function byteString(name: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(name) ? name : Buffer.from(name, 'utf8').toString('latin1');
}

/** Git orders tree entries by name bytes, comparing a directory as if its name ended with `/`. */
function sortedEntries(dir: Dir): Array<{ name: string; isDir: boolean; bytes: string; key: string }> {
  const all: Array<{ name: string; isDir: boolean; bytes: string; key: string }> = [];
  for (const name of dir.files.keys()) {
    const bytes = byteString(name);
    all.push({ name, isDir: false, bytes, key: bytes });
  }
  for (const name of dir.dirs.keys()) {
    const bytes = byteString(name);
    all.push({ name, isDir: true, bytes, key: `${bytes}/` });
  }
  return all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Builds every tree object for a set of files; paths are `/`-separated and must not repeat. */
export function buildTrees(files: readonly TreeFile[]): BuiltTree {
  const root = emptyDir();
  for (const file of files) {
    const segments = file.path.split('/');
    const name = segments.pop() as string;
    let dir = root;
    for (const segment of segments) {
      let next = dir.dirs.get(segment);
      if (next === undefined) {
        next = emptyDir();
        dir.dirs.set(segment, next);
      }
      dir = next;
    }
    if (dir.files.has(name) || dir.dirs.has(name)) throw new Error(`duplicate path ${file.path}`);
    dir.files.set(name, file.blobId);
  }
  const entries: TreeEntry[] = [];
  const rootTree = hashDir(root, '', entries);
  return { rootTree, entries };
}

function hashDir(dir: Dir, prefix: string, out: TreeEntry[]): string {
  let body = '';
  for (const entry of sortedEntries(dir)) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    let oid: string;
    if (entry.isDir) {
      const at = out.length;
      out.push({ path, type: 'directory', oid: '' });
      oid = hashDir(dir.dirs.get(entry.name) as Dir, path, out);
      (out[at] as TreeEntry).oid = oid;
    } else {
      oid = dir.files.get(entry.name) as string;
      out.push({ path, type: 'file', oid });
    }
    body += `${entry.isDir ? DIR_MODE : FILE_MODE} ${entry.bytes}\0${Buffer.from(oid, 'hex').toString('latin1')}`;
  }
  return gitObjectId('tree', Buffer.from(body, 'latin1'));
}

export interface CommitFields {
  tree: string;
  parents: readonly string[];
  authorName: string;
  authorEmail: string;
  /** Unix seconds; the timezone is always +0000. */
  time: number;
  /** Full message; git stores it with a trailing newline. */
  message: string;
}

/** The raw commit object body, byte for byte what `git commit-tree` writes for the same fields. */
export function commitBody(fields: CommitFields): Buffer {
  const identity = `${fields.authorName} <${fields.authorEmail}> ${fields.time} +0000`;
  const lines = [`tree ${fields.tree}`, ...fields.parents.map((p) => `parent ${p}`)];
  lines.push(
    `author ${identity}`,
    `committer ${identity}`,
    '',
    fields.message.endsWith('\n') ? fields.message : `${fields.message}\n`,
  );
  return Buffer.from(lines.join('\n'), 'utf8');
}

export function commitId(fields: CommitFields): string {
  return gitObjectId('commit', commitBody(fields));
}
