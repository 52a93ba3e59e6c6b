/**
 * The `git fast-import` stream that rebuilds a synthetic repo's history: every commit with its full file list
 * (pointer text for LFS files), the same author, committer, date and message the synthetic Hub hashed, so
 * that git arrives at the very commit ids the listing shows. fast-import builds the trees itself.
 */
import type { RepoCommit } from '../hub/repo-commits.js';
import { lfsPointerText } from '../hub/git-objects.js';

/** Where a file's bytes come from (the synthetic Hub's content, in chunks). */
export type ReadChunks = (commit: RepoCommit, path: string) => Iterable<Buffer>;

/**
 * A path as fast-import reads it: C-style quoted, so that spaces, quotes, backslashes, newlines and a leading
 * `"` survive. Bytes of 0x80 and above pass through unescaped (UTF-8 names stay UTF-8).
 */
export function quotePath(path: string): string {
  let out = '"';
  for (const ch of path) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `<name> <email> <unix seconds> +0000`, as commitBody in git-objects.ts writes it. */
function identity(commit: RepoCommit): string {
  return `${commit.authorName} <${commit.authorEmail}> ${commit.time} +0000`;
}

function dataHeader(length: number): Buffer {
  return Buffer.from(`data ${length}\n`);
}

/**
 * Yields the whole stream for `commits` (oldest first, each the parent of the next) onto `ref`. Blobs are
 * written once per distinct blob id; the stream ends with `done` (run fast-import with `--done`).
 */
export function* fastImportScript(
  commits: readonly RepoCommit[],
  readChunks: ReadChunks,
  ref = 'refs/heads/main',
): Generator<Buffer> {
  const marks = new Map<string, number>();
  let nextMark = 1;
  let parentMark: number | null = null;
  for (const commit of commits) {
    const fileMarks: Array<{ path: string; mark: number }> = [];
    for (const file of commit.files) {
      let mark = marks.get(file.blobId);
      if (mark === undefined) {
        mark = nextMark++;
        marks.set(file.blobId, mark);
        yield Buffer.from(`blob\nmark :${mark}\n`);
        if (file.lfs !== null) {
          const pointer = Buffer.from(lfsPointerText(file.lfs.sha256, file.lfs.size), 'utf8');
          yield dataHeader(pointer.length);
          yield pointer;
        } else {
          yield dataHeader(file.size);
          yield* readChunks(commit, file.path);
        }
        yield Buffer.from('\n');
      }
      fileMarks.push({ path: file.path, mark });
    }
    const mark = nextMark++;
    // git stores the message with a trailing newline (commitBody does the same)
    const message = Buffer.from(commit.title.endsWith('\n') ? commit.title : `${commit.title}\n`, 'utf8');
    const lines = [
      `commit ${ref}`,
      `mark :${mark}`,
      `author ${identity(commit)}`,
      `committer ${identity(commit)}`,
    ];
    yield Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    yield dataHeader(message.length);
    yield message;
    let body = parentMark === null ? '' : `from :${parentMark}\n`;
    body += 'deleteall\n';
    for (const f of fileMarks) body += `M 100644 :${f.mark} ${quotePath(f.path)}\n`;
    yield Buffer.from(`${body}\n`, 'utf8');
    parentMark = mark;
  }
  yield Buffer.from('done\n');
}
