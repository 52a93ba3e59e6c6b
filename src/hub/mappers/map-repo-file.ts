/**
 * Wire files -> `RepoFile`: model-info siblings with `blobs=true` (`lfs.sha256`) and tree entries
 * (`lfs.oid`). The two spell the LFS hash differently; the domain type has one name.
 */
import type { LfsInfo, RepoFile } from '../../types.js';
import { isObject, type JsonObject, type WireReader } from './wire-reader.js';

/**
 * Siblings with sizes -> files. Null when there are no siblings or any sibling lacks its size or blob id
 * (a listing, a model info without `blobs=true`, or a very large repo): the caller then lists the tree.
 */
export function mapSiblingFiles(siblings: unknown, reader: WireReader): RepoFile[] | null {
  if (!Array.isArray(siblings)) return null;
  const files: RepoFile[] = [];
  for (let i = 0; i < siblings.length; i++) {
    const where = `siblings[${i}]`;
    const sibling = reader.object(siblings[i], where);
    const path = reader.string(sibling, 'rfilename', where);
    const size = reader.optSize(sibling, 'size', where);
    if (size === null || sibling.blobId === undefined || sibling.blobId === null) return null;
    const blobId = reader.blobId(sibling, 'blobId', where);
    const lfs = mapLfs(sibling.lfs, 'sha256', reader, `${where}.lfs`);
    files.push({ path, size: lfs?.size ?? size, blobId, lfs });
  }
  return files;
}

/** One tree entry -> a file, or null for a directory (or an entry type we do not download). */
export function mapTreeEntry(entry: unknown, reader: WireReader, where: string): RepoFile | null {
  const object = reader.object(entry, where);
  const type = reader.string(object, 'type', where);
  const path = reader.string(object, 'path', where);
  if (type !== 'file') return null;
  const blobId = reader.blobId(object, 'oid', where);
  const size = reader.size(object, 'size', where);
  const lfs = mapLfs(object.lfs, 'oid', reader, `${where}.lfs`);
  return { path, size: lfs?.size ?? size, blobId, lfs };
}

function mapLfs(
  value: unknown,
  hashKey: 'sha256' | 'oid',
  reader: WireReader,
  where: string,
): LfsInfo | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) return reader.fail(where, 'an object', value);
  const lfs: JsonObject = value;
  const sha256 = reader.string(lfs, hashKey, where);
  if (!/^[0-9a-f]{64}$/i.test(sha256)) reader.fail(`${where}.${hashKey}`, 'a sha256 (64 hex)', sha256);
  return {
    sha256: sha256.toLowerCase(),
    size: reader.size(lfs, 'size', where),
    // Not needed to verify content; some servers omit it.
    pointerSize: reader.optSize(lfs, 'pointerSize', where) ?? 0,
  };
}
