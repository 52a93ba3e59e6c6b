/**
 * One request and its response: the headers every Hub response carries, the error shapes, and a body writer
 * that applies the fault chosen for this request (reset, truncate, corrupt, ignore-range, slow body).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentChunks, contentSize, type ContentSource } from '../hub/file-content.js';
import type { Denial } from './auth.js';
import type { FaultAction } from './faults.js';
import { decideRange } from './range.js';
import type { RequestKind } from './request-kind.js';
import type { Stats } from './stats.js';
import { drained } from './drained.js';

export interface Body {
  chunks: Iterable<Buffer>;
  length: number;
}

function bufferBody(buffer: Buffer): Body {
  return { chunks: buffer.length === 0 ? [] : [buffer], length: buffer.length };
}

/** Bytes per write of a paced body. */
const PACED_CHUNK = 64 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Exchange {
  /** Headers added to every response of this exchange (request id, rate limits, ...). */
  readonly common: Record<string, string> = {};
  /** The fault chosen for this request, applied by the body writer. */
  fault: FaultAction | null = null;
  /** Set once a response has started. */
  answered = false;
  /** When set, body bytes of a 200/206 are counted as this file's content (`stats.contentBytesByFile`). */
  private fileKey: string | null = null;
  /** Paces the body (the CDN's bandwidth caps, throttle.ts); null sends as fast as the socket takes it. */
  pace: ((bytes: number) => Promise<void>) | null = null;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
    readonly kind: RequestKind,
    private readonly stats: Stats,
  ) {}

  get method(): string {
    return this.req.method ?? 'GET';
  }

  /** The origin the client used (so that Link URLs stay on it). */
  get origin(): string {
    return `http://${this.req.headers.host ?? this.url.host}`;
  }

  json(status: number, value: unknown, headers: Record<string, string> = {}): Promise<void> {
    return this.send(
      status,
      { 'Content-Type': 'application/json; charset=utf-8', ...headers },
      bufferBody(Buffer.from(JSON.stringify(value), 'utf8')),
    );
  }

  text(status: number, text: string, headers: Record<string, string> = {}): Promise<void> {
    return this.send(
      status,
      { 'Content-Type': 'text/plain; charset=utf-8', ...headers },
      bufferBody(Buffer.from(text, 'utf8')),
    );
  }

  /** An error as the Hub sends it: `X-Error-Code` (when any), `X-Error-Message`, JSON body on the API, text elsewhere. */
  error(
    status: number,
    options: { code?: string | null; message: string; json: boolean; headers?: Record<string, string> },
  ): Promise<void> {
    const headers: Record<string, string> = { 'X-Error-Message': options.message, ...options.headers };
    if (options.code !== undefined && options.code !== null) headers['X-Error-Code'] = options.code;
    return options.json
      ? this.json(status, { error: options.message }, headers)
      : this.text(status, options.message, headers);
  }

  deny(denial: Denial, json: boolean, headers: Record<string, string> = {}): Promise<void> {
    return this.error(denial.status, {
      code: denial.code,
      message: denial.message,
      json,
      headers: { ...denial.headers, ...headers },
    });
  }

  redirect(status: 302 | 307, location: string, headers: Record<string, string> = {}): Promise<void> {
    const word = status === 302 ? 'Found' : 'Temporary Redirect';
    return this.text(status, `${word}. Redirecting to ${location}`, { Location: location, ...headers });
  }

  /**
   * A file's bytes with Range support (206, 416), `Accept-Ranges`, and the fault's body effects. A zero-byte
   * file gets `Content-Length: 0` and no Content-Range.
   */
  content(
    headers: Record<string, string>,
    source: ContentSource,
    options: { etag?: string; fileKey?: string } = {},
  ): Promise<void> {
    const size = contentSize(source);
    this.fileKey = options.fileKey ?? null;
    const all: Record<string, string> = { 'Accept-Ranges': 'bytes', ...headers };
    if (options.etag !== undefined) {
      all['ETag'] = options.etag;
      const match = this.req.headers['if-none-match'];
      if (
        match !== undefined &&
        match.split(',').some((m) => m.trim().replace(/^W\//, '') === options.etag)
      ) {
        return this.send(304, all, bufferBody(Buffer.alloc(0)));
      }
    }
    const ignoreRange = this.fault?.type === 'ignore-range';
    const decision = ignoreRange ? { kind: 'whole' as const } : decideRange(this.req.headers.range, size);
    if (decision.kind === 'unsatisfiable') {
      return this.send(
        416,
        { ...all, 'Content-Range': `bytes */${size}`, 'Content-Type': 'text/plain; charset=utf-8' },
        bufferBody(Buffer.alloc(0)),
      );
    }
    if (decision.kind === 'partial') {
      all['Content-Range'] = `bytes ${decision.start}-${decision.end - 1}/${size}`;
      return this.send(206, all, {
        chunks: contentChunks(source, decision.start, decision.end),
        length: decision.end - decision.start,
      });
    }
    return this.send(200, all, { chunks: contentChunks(source), length: size });
  }

  async send(status: number, headers: Record<string, string>, body: Body): Promise<void> {
    if (this.answered) throw new Error('response already sent');
    this.answered = true;
    this.stats.status(status);
    const res = this.res;
    res.writeHead(status, { ...this.common, ...headers, 'Content-Length': String(body.length) });
    if (this.method === 'HEAD' || status === 304 || body.length === 0) {
      if (this.fault?.type === 'reset') return this.resetAfter(Buffer.alloc(0));
      res.end();
      return;
    }
    await this.writeBody(body);
  }

  private async writeBody(body: Body): Promise<void> {
    const fault = this.fault;
    const res = this.res;
    const cut =
      fault?.type === 'reset'
        ? (fault.afterBytes ?? 0)
        : fault?.type === 'truncate'
          ? (fault.keepBytes ?? Math.floor(body.length / 2))
          : Infinity;
    const flipAt =
      fault?.type === 'corrupt' ? Math.min(body.length - 1, fault.atByte ?? Math.floor(body.length / 2)) : -1;
    const slice =
      fault?.type === 'delay' && fault.chunkMillis !== undefined
        ? (fault.chunkBytes ?? 16 * 1024)
        : this.pace !== null
          ? PACED_CHUNK
          : Infinity;
    let sent = 0;
    for (const whole of body.chunks) {
      for (let at = 0; at < whole.length; at += Math.min(slice, whole.length)) {
        let chunk = whole.subarray(at, Math.min(whole.length, at + slice));
        if (flipAt >= sent && flipAt < sent + chunk.length) {
          chunk = Buffer.from(chunk);
          chunk[flipAt - sent] = (chunk[flipAt - sent] as number) ^ 0xff;
        }
        if (sent + chunk.length >= cut) {
          const part = chunk.subarray(0, Math.max(0, cut - sent));
          this.count(part.length);
          if (fault?.type === 'reset') return this.resetAfter(part);
          return this.endAfter(part);
        }
        if (res.destroyed) return;
        this.count(chunk.length);
        if (this.pace !== null) await this.pace(chunk.length);
        if (res.destroyed) return;
        if (!res.write(chunk)) await drained(res);
        sent += chunk.length;
        if (fault?.type === 'delay' && fault.chunkMillis !== undefined) await sleep(fault.chunkMillis);
      }
    }
    res.end();
  }

  private count(bytes: number): void {
    this.stats.bodyBytes += bytes;
    const status = this.res.statusCode;
    if (this.fileKey !== null && (status === 200 || status === 206)) this.stats.content(this.fileKey, bytes);
  }

  /** Sends `part`, then kills the connection with a TCP RST (`reset` fault). */
  private resetAfter(part: Buffer): Promise<void> {
    return new Promise((resolve) => {
      const kill = (): void => {
        const socket = this.res.socket;
        if (socket !== null && !socket.destroyed) socket.resetAndDestroy();
        resolve();
      };
      this.res.flushHeaders();
      if (part.length === 0) setImmediate(kill);
      else this.res.write(part, () => setImmediate(kill));
    });
  }

  /** Sends `part`, then closes the connection cleanly, short of Content-Length (`truncate` fault). */
  private endAfter(part: Buffer): Promise<void> {
    return new Promise((resolve) => {
      const close = (): void => {
        this.res.socket?.end();
        resolve();
      };
      this.res.flushHeaders();
      if (part.length === 0) setImmediate(close);
      else this.res.write(part, () => setImmediate(close));
    });
  }
}

export { bufferBody };
