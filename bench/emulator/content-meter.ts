/**
 * Counts the file bytes the emulator sends, per file, from inside the emulator's process. The emulator's own
 * stats only total every body (API JSON included); the resume case needs the content bytes of each file to
 * tell bytes fetched twice from bytes fetched once. It wraps `ServerResponse.prototype.write`, which is
 * acceptable only because this module runs in a process that does nothing but host the emulator for a bench.
 */
import { ServerResponse } from 'node:http';

/** The key of a file's bytes: `lfs:<sha256>` for CDN objects, `<repo>/<commit>/<path>` for resolve-cache. */
export function contentKey(url: string): string | null {
  const pathname = url.split('?', 1)[0] ?? '';
  const cdn = /^\/xet-bridge-us\/[0-9a-f]{24}\/([0-9a-f]{64})$/.exec(pathname);
  if (cdn !== null) return `lfs:${cdn[1]}`;
  const prefix = '/api/resolve-cache/models/';
  if (!pathname.startsWith(prefix)) return null;
  try {
    return decodeURIComponent(pathname.slice(prefix.length));
  } catch {
    return null;
  }
}

export interface ContentMeter {
  /** Content bytes written so far, per file key. */
  perFile(): Record<string, number>;
  /** Content bytes written so far, all files. */
  total(): number;
  reset(): void;
}

export function installContentMeter(): ContentMeter {
  let perFile = new Map<string, number>();
  let total = 0;
  const count = (res: ServerResponse, chunk: unknown): void => {
    // Only bodies of 200/206 carry file bytes; redirects and errors are small texts.
    if (res.statusCode !== 200 && res.statusCode !== 206) return;
    const length =
      typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk instanceof Uint8Array ? chunk.length : 0;
    if (length === 0) return;
    const key = contentKey(res.req?.url ?? '');
    if (key === null) return;
    perFile.set(key, (perFile.get(key) ?? 0) + length);
    total += length;
  };
  const proto = ServerResponse.prototype as unknown as {
    write: (this: ServerResponse, chunk: unknown, ...rest: unknown[]) => boolean;
    end: (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) => ServerResponse;
  };
  const write = proto.write;
  const end = proto.end;
  proto.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]): boolean {
    count(this, chunk);
    return write.call(this, chunk, ...rest);
  };
  proto.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]): ServerResponse {
    if (typeof chunk !== 'function') count(this, chunk);
    return end.call(this, chunk, ...rest);
  };
  return {
    perFile: () => Object.fromEntries(perFile),
    total: () => total,
    reset: () => {
      perFile = new Map();
      total = 0;
    },
  };
}
