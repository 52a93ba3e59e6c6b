import type { Readable } from 'node:stream';

/**
 * Reads at most `limitBytes` of a body as UTF-8 text and discards the rest (error bodies are small; a
 * server sending megabytes with a 500 must not cost us memory).
 */
export async function readBoundedText(body: Readable, limitBytes = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      chunks.push(buffer);
      size += buffer.length;
      if (size >= limitBytes) break;
    }
  } finally {
    body.on('error', ignore);
    body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, limitBytes).toString('utf8');
}

/** A body longer than the cap on one answer; the reader stopped reading at the cap. */
export class BodyTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`larger than ${limitBytes} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/**
 * Reads a whole body as UTF-8 text, refusing (BodyTooLarge) one longer than `limitBytes`: by its
 * Content-Length before reading anything, else as soon as the bytes received pass the cap. The body is
 * destroyed on refusal, so memory never holds more than the cap.
 */
export async function readCappedText(
  body: Readable,
  limitBytes: number,
  contentLength: string | null,
): Promise<string> {
  const declared = contentLength === null ? NaN : Number(contentLength);
  if (declared > limitBytes) {
    body.on('error', ignore);
    body.destroy();
    throw new BodyTooLarge(limitBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > limitBytes) {
      body.on('error', ignore);
      body.destroy();
      throw new BodyTooLarge(limitBytes);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

/** First value of a response header (undici gives string | string[] | undefined). */
export function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/**
 * Lets go of a body we will not read (a redirect's, or bytes we cannot use): a small one is drained so the
 * connection can be reused, a large one is cut. undici reports the cut as an error; nobody needs it.
 */
export async function discardBody(
  body: Readable & { dump?: (options: { limit: number }) => Promise<unknown> },
): Promise<void> {
  body.on('error', ignore);
  if (typeof body.dump === 'function') {
    await body.dump({ limit: 64 * 1024 }).catch(ignore);
  } else {
    body.destroy();
  }
}

function ignore(): void {}
