/**
 * Streaming verification of a file's content against its manifest entry: sha256 for LFS files (the LFS
 * oid), git blob sha1 for the rest. The git blob hash covers a `blob <size>\0` header, so the size must be
 * known before the first byte: the manifest gives it.
 */
import { createHash, type Hash } from 'node:crypto';
import type { RepoFile } from '../types.js';

export type HashAlgorithm = 'sha256' | 'git-sha1';

export interface ExpectedContent {
  algorithm: HashAlgorithm;
  /** Lowercase hex digest the content must have. */
  digest: string;
  size: number;
}

/** What a manifest entry promises about its content. */
export function expectedContent(file: RepoFile): ExpectedContent {
  if (file.lfs !== null)
    return { algorithm: 'sha256', digest: file.lfs.sha256.toLowerCase(), size: file.lfs.size };
  return { algorithm: 'git-sha1', digest: file.blobId.toLowerCase(), size: file.size };
}

/** The git blob sha1 of the empty file: a zero-byte file with this id needs no download. */
export const EMPTY_BLOB_SHA1 = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';
/** The sha256 of zero bytes. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** True when the expected content is empty, so it can be written without asking the server. */
export function isEmptyContent(expected: ExpectedContent): boolean {
  if (expected.size !== 0) return false;
  return expected.digest === (expected.algorithm === 'sha256' ? EMPTY_SHA256 : EMPTY_BLOB_SHA1);
}

/** An incremental hash in the manifest's algorithm. `digest()` may be called once. */
export interface ContentHasher {
  readonly algorithm: HashAlgorithm;
  update(chunk: Uint8Array): void;
  digest(): string;
}

export function createContentHasher(expected: Pick<ExpectedContent, 'algorithm' | 'size'>): ContentHasher {
  let hash: Hash;
  if (expected.algorithm === 'sha256') {
    hash = createHash('sha256');
  } else {
    hash = createHash('sha1');
    hash.update(`blob ${expected.size}\0`);
  }
  return {
    algorithm: expected.algorithm,
    update: (chunk) => {
      hash.update(chunk);
    },
    digest: () => hash.digest('hex'),
  };
}

/** Git's blob id of `content` (for tests and tools). */
export function gitBlobSha1(content: Uint8Array): string {
  const hasher = createContentHasher({ algorithm: 'git-sha1', size: content.byteLength });
  hasher.update(content);
  return hasher.digest();
}
