/**
 * The Hugging Face cache, as huggingface_hub lays it out and reads it offline:
 *
 *   <cache>/models--ORG--NAME/blobs/<etag>                  the content, once per distinct file
 *   <cache>/models--ORG--NAME/snapshots/<commit>/<path>     a relative symlink into ../../blobs/<etag>
 *   <cache>/models--ORG--NAME/refs/<revision>               the commit a branch or tag named (no newline)
 *   <cache>/models--ORG--NAME/trees/<commit>.json           the commit's file listing (tells a complete
 *                                                           snapshot from a partial one, offline)
 *
 * (`datasets--` and `spaces--` for the other repo types). The etag is what the Hub sends without quotes: the
 * sha256 of an LFS file, the git blob sha1 of any other, i.e. the digest every file is verified against, so a
 * blob reaches its name only verified. Partial files are in the blobs folder (one filesystem with the blob,
 * so the rename is atomic) under names of our own (partial-names.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readlinkSync, renameSync, writeFileSync } from 'node:fs';
import { rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { splitRepoKey, repoTypePlural } from '../../repo-key.js';
import type { RepoFile } from '../../types.js';
import { ensureRealDirs } from '../real-dirs.js';
import { repoFolderSegments } from '../repo-folder.js';
import { safePathSegments } from '../safe-path.js';
import type { DownloadLayout, LaidOutFile } from './download-layout.js';
import { partialName, removeOurPartials } from './partial-names.js';

/** `models--ORG--NAME` (huggingface_hub's folder name for a repo: the type's plural and the id, joined by `--`). */
export function cacheFolderName(repoKey: string): string {
  const { type, id } = splitRepoKey(repoKey);
  repoFolderSegments(id); // the Hub's id rules: no `--`, no `/` beyond one, nothing that escapes
  return [repoTypePlural(type), ...id.split('/')].join('--');
}

/** The snapshot link's target, relative to the link's folder: up to the repo folder, then `blobs/<etag>`. */
export function blobLinkTarget(fileSegments: readonly string[], digest: string): string {
  return `${'../'.repeat(fileSegments.length + 1)}blobs/${digest}`;
}

export function hfCacheLayout(cacheDir: string): DownloadLayout {
  const root = cacheDir;
  const linkPath = (f: LaidOutFile): string =>
    join(root, ...f.repoSegments, 'snapshots', f.commit, ...f.fileSegments);
  return {
    name: 'hf-cache',
    root,
    repoSegments: (repoKey) => [cacheFolderName(repoKey)],
    contentSegments: (f) => [...f.repoSegments, 'blobs', f.expected.digest],
    stagingSegments: (repoKey) => [cacheFolderName(repoKey), 'blobs'],
    stagingFile: (repoKey, path, expected) =>
      join(root, cacheFolderName(repoKey), 'blobs', partialName(path, expected)),
    exposed: (f) => {
      try {
        return readlinkSync(linkPath(f)) === blobLinkTarget(f.fileSegments, f.expected.digest);
      } catch {
        return false;
      }
    },
    expose: async (f, knownDirs) => {
      const dir = await ensureRealDirs(
        root,
        [...f.repoSegments, 'snapshots', f.commit, ...f.fileSegments.slice(0, -1)],
        knownDirs,
      );
      // a link made aside, then renamed over the path: a reader sees the old link or the new one
      const name = f.fileSegments[f.fileSegments.length - 1] as string;
      const aside = join(dir, `.${name}.${randomBytes(4).toString('hex')}.hftorrent-link`);
      await symlink(blobLinkTarget(f.fileSegments, f.expected.digest), aside);
      try {
        await rename(aside, join(dir, name));
      } catch (error) {
        await rm(aside, { force: true });
        throw error;
      }
    },
    // the earlier commit's snapshot stays, as huggingface_hub keeps every snapshot it fetched
    removeStale: () => Promise.resolve(),
    repoVerified: (repoKey, commit, revision, files) => {
      const folder = join(root, cacheFolderName(repoKey));
      writeAtomically(join(folder, 'trees', `${commit}.json`), treeListing(files));
      if (revision !== null && revision !== commit) {
        writeAtomically(join(folder, 'refs', ...safePathSegments(revision)), commit);
      }
      const tag = join(root, 'CACHEDIR.TAG');
      if (!existsSync(tag)) writeAtomically(tag, CACHEDIR_TAG);
    },
    removeStaging: (repoKey) => removeOurPartials(join(root, cacheFolderName(repoKey), 'blobs')),
  };
}

/** The listing huggingface_hub keeps per commit (format 1): size and blob id per path, LFS fields for LFS files. */
function treeListing(files: readonly RepoFile[]): string {
  // in code point order (UTF-8 bytes sort so), as Python sorts strings; written by hand because a JS object
  // would put keys that look like numbers ("1", "2024") first
  const byCodePoint = (a: RepoFile, b: RepoFile): number =>
    Buffer.compare(Buffer.from(a.path), Buffer.from(b.path));
  const entries = [...files].sort(byCodePoint).map((f) => {
    const info =
      f.lfs === null
        ? { size: f.size, blob_id: f.blobId }
        : { size: f.size, blob_id: f.blobId, lfs_sha256: f.lfs.sha256, lfs_size: f.lfs.size };
    return `  ${JSON.stringify(f.path)}: ${JSON.stringify(info, null, 1).replace(/\n/g, '\n  ')}`;
  });
  const body = entries.length === 0 ? '{}' : `{\n${entries.join(',\n')}\n }`;
  // as huggingface_hub's json.dump(indent=1) writes it: no final newline, non-ASCII as \u escapes of UTF-16
  // code units, so that the two tools write the same bytes
  return `{\n "format_version": 1,\n "files": ${body}\n}`.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const CACHEDIR_TAG =
  'Signature: 8a477f597d28d172789f06886806bc55\n' +
  '# This file is a cache directory tag created by hf-torrent (the Hugging Face cache layout).\n' +
  '# For information about cache directory tags see https://bford.info/cachedir/\n';

function writeAtomically(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const aside = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(aside, text);
  renameSync(aside, path);
}
