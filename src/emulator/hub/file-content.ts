/**
 * File bytes. Text files (cards, configs, tokenizers) are generated whole; everything else comes from a
 * keystream keyed per file that can produce any byte range without generating the prefix: AES-128-CTR for
 * large contents (fast per byte), a counter-based integer hash for small ones (no native object per file,
 * which keeps the listing of millions of tail repos cheap). Hashes of large contents are cached in a bounded
 * LRU because they cost a full pass over the bytes.
 */
import { createCipheriv, createHash, hash as oneShotHash } from 'node:crypto';
import { endianness } from 'node:os';
import { mix32 } from './random.js';
import { Lru } from './lru.js';

export type ContentSource =
  /** Bytes held in memory (small text files). */
  | { kind: 'text'; text: string; size: number }
  /** Raw keystream bytes (LFS files). */
  | { kind: 'random'; size: number; key: Buffer }
  /** Keystream mapped to printable ASCII lines (small regular files). */
  | { kind: 'printable'; size: number; key: Buffer };

const CHUNK = 256 * 1024;
const ZEROS = Buffer.alloc(CHUNK);
const PRINTABLE = Buffer.from(
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_()[]{}<>/+=*&%$#@!?',
);
const LINE = 77;

export function textContent(text: string): ContentSource {
  return { kind: 'text', text, size: Buffer.byteLength(text, 'utf8') };
}

export function contentSize(source: ContentSource): number {
  return source.size;
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** Contents up to this size use the integer keystream and one-shot hashing. */
const SMALL = 256 * 1024;

/** Bytes [start, end) of the small keystream: 32-bit words `mix32(mix32(j ^ k0) + k1) ^ k2`, little-endian. */
function smallKeystream(key: Buffer, start: number, end: number): Buffer {
  const k0 = key.readUInt32BE(0);
  const k1 = key.readUInt32BE(4);
  const k2 = key.readUInt32BE(8);
  const firstWord = Math.floor(start / 4);
  const words = Math.ceil(end / 4) - firstWord;
  const out = Buffer.allocUnsafe(words * 4);
  if (LITTLE_ENDIAN && out.byteOffset % 4 === 0) {
    const view = new Uint32Array(out.buffer, out.byteOffset, words);
    for (let w = 0; w < words; w++) view[w] = mix32((mix32((firstWord + w) ^ k0) + k1) >>> 0) ^ k2;
  } else {
    for (let w = 0; w < words; w++)
      out.writeUInt32LE((mix32((mix32((firstWord + w) ^ k0) + k1) >>> 0) ^ k2) >>> 0, w * 4);
  }
  return out.subarray(start - firstWord * 4, start - firstWord * 4 + (end - start));
}

function keystream(key: Buffer, start: number): { cipher: ReturnType<typeof createCipheriv>; skip: number } {
  const iv = Buffer.alloc(16);
  iv.writeUIntBE(Math.floor(start / 16), 10, 6);
  return { cipher: createCipheriv('aes-128-ctr', key, iv), skip: start % 16 };
}

function mapPrintable(chunk: Buffer, offset: number): Buffer {
  for (let j = 0; j < chunk.length; j++) {
    const position = offset + j;
    chunk[j] =
      position % LINE === LINE - 1 ? 0x0a : (PRINTABLE[(chunk[j] as number) % PRINTABLE.length] as number);
  }
  return chunk;
}

/**
 * The bytes `[start, end)` of a content, in chunks of at most 256 KiB. A generator so that a CDN response of
 * hundreds of MB never sits in memory.
 */
export function* contentChunks(
  source: ContentSource,
  start = 0,
  end = contentSize(source),
): Generator<Buffer> {
  const stop = Math.min(end, contentSize(source));
  if (start >= stop) return;
  if (source.kind === 'text') {
    const bytes = Buffer.from(source.text, 'utf8');
    for (let at = start; at < stop; at += CHUNK) yield bytes.subarray(at, Math.min(stop, at + CHUNK));
    return;
  }
  if (source.size <= SMALL) {
    const chunk = smallKeystream(source.key, start, stop);
    if (source.kind === 'printable') mapPrintable(chunk, start);
    yield chunk;
    return;
  }
  const { cipher, skip } = keystream(source.key, start);
  let position = start - skip;
  while (position < stop) {
    const length = Math.min(CHUNK, stop - position);
    let chunk = cipher.update(length === CHUNK ? ZEROS : ZEROS.subarray(0, length));
    let chunkStart = position;
    position += length;
    if (chunkStart < start) {
      chunk = chunk.subarray(start - chunkStart);
      chunkStart = start;
    }
    if (source.kind === 'printable') mapPrintable(chunk, chunkStart);
    yield chunk;
  }
}

/** The bytes `[start, end)` as one buffer (small ranges only). */
export function readContent(source: ContentSource, start = 0, end = contentSize(source)): Buffer {
  if (source.kind === 'text')
    return Buffer.from(source.text, 'utf8').subarray(start, Math.min(end, source.size));
  return Buffer.concat([...contentChunks(source, start, end)]);
}

const sha256Cache = new Lru<string, string>(4096);
/** Contents smaller than this are hashed again rather than cached. */
const CACHE_FROM = SMALL;

/** Hex sha256 of the whole content (the LFS oid). */
export function contentSha256(source: ContentSource): string {
  const cacheKey =
    source.kind === 'text' ? null : `${source.kind}:${source.key.toString('hex')}:${source.size}`;
  const big = contentSize(source) >= CACHE_FROM;
  if (cacheKey !== null && big) {
    const hit = sha256Cache.get(cacheKey);
    if (hit !== undefined) return hit;
  }
  let hex: string;
  if (source.kind === 'text') {
    hex = oneShotHash('sha256', source.text, 'hex');
  } else if (!big) {
    hex = oneShotHash('sha256', readContent(source), 'hex');
  } else {
    const hash = createHash('sha256');
    for (const chunk of contentChunks(source)) hash.update(chunk);
    hex = hash.digest('hex');
  }
  if (cacheKey !== null && big) sha256Cache.set(cacheKey, hex);
  return hex;
}

/** Git's blob id: sha1 of `blob <len>\0<content>`. */
export function contentGitSha1(source: ContentSource): string {
  const size = contentSize(source);
  // one-shot hashing of a string: no Buffer, no native hash object (this runs for every listed repo)
  if (source.kind === 'text') return oneShotHash('sha1', `blob ${size}\0${source.text}`, 'hex');
  if (size <= SMALL)
    return oneShotHash('sha1', Buffer.concat([Buffer.from(`blob ${size}\0`), readContent(source)]), 'hex');
  const hash = createHash('sha1');
  hash.update(`blob ${contentSize(source)}\0`);
  for (const chunk of contentChunks(source)) hash.update(chunk);
  return hash.digest('hex');
}
