/**
 * Hash workers for large files. The main thread receives and writes; a worker re-reads each written range
 * (from the page cache) and hashes it, so hashing runs on another core and no buffer crosses threads: a
 * message carries an offset, not bytes. Hashing what is on disk also covers a resumed file's prefix with the
 * same code.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExpectedContent } from '../content-hash.js';
import { inlineHashers, type FileHasher, type HasherFactory } from './file-hasher.js';
import type { WorkerReply, WorkerRequest } from './hash-protocol.js';

/** Files smaller than this are hashed inline: a worker round trip costs more than hashing them. */
export const WORKER_HASH_MIN_BYTES = 4 * 1024 * 1024;
/** The worker is told about new bytes at most every this many bytes (and before every digest). */
const ADVANCE_STEP = 1024 * 1024;

interface Pending {
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
}

class PoolWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | null = null;

  constructor() {
    this.worker = startWorker();
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      const waiter = this.pending.get(reply.id);
      if (waiter === undefined) return;
      this.pending.delete(reply.id);
      this.refresh();
      waiter.resolve(reply);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the hash worker exited (code ${code})`)));
  }

  send(message: WorkerRequest): void {
    if (this.failure === null) this.worker.postMessage(message);
  }

  request(message: WorkerRequest): Promise<WorkerReply> {
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      this.refresh();
      this.worker.postMessage(message);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  /** Keeps the process alive only while an answer is awaited. */
  private refresh(): void {
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }
}

class WorkerHasher implements FileHasher {
  hashed = 0;
  private sent = 0;
  private closed = false;

  constructor(
    private readonly worker: PoolWorker,
    private readonly id: number,
  ) {}

  async catchUp(_file: unknown, upTo: number): Promise<void> {
    this.hashed = upTo;
    this.advance(true);
  }

  written(_chunks: readonly Buffer[], upTo: number): void {
    this.hashed = upTo;
    this.advance(false);
  }

  async reset(): Promise<void> {
    await this.worker.request({ id: this.id, type: 'reset' });
    this.hashed = 0;
    this.sent = 0;
  }

  async digest(upTo: number): Promise<string> {
    const reply = await this.worker.request({ id: this.id, type: 'digest', upTo });
    if (reply.type === 'digest') return reply.digest;
    throw new Error(`hashing failed: ${reply.type === 'error' ? reply.message : reply.type}`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.send({ id: this.id, type: 'close' });
  }

  private advance(force: boolean): void {
    if (this.hashed === this.sent || (!force && this.hashed - this.sent < ADVANCE_STEP)) return;
    this.sent = this.hashed;
    this.worker.send({ id: this.id, type: 'advance', upTo: this.sent });
  }
}

export interface HashPoolOptions {
  /**
   * Worker threads; 0 hashes everything inline. Default: the CPUs minus two (one for the main thread, one for
   * the kernel's network and disk work), at most 4. On a 2-core machine that is 0: a hash thread there only
   * competes with the receiving thread. Measured twice on the loopback benchmark: one worker on 2 cores lost
   * 5% on 310 MiB of large files (its start-up), and in the full-size run took few-large from 2.2 s to 3.1 s
   * (the worker re-reads every byte from the page cache: twice the system time), though one-off runs outside
   * the bench had it 10% faster.
   */
  workers?: number;
  /** Files smaller than this many bytes are hashed inline. Default `WORKER_HASH_MIN_BYTES` (4 MiB). */
  minBytes?: number;
}

export class HashPool {
  private readonly workers: PoolWorker[] = [];
  private readonly size: number;
  private readonly minBytes: number;
  private nextId = 0;

  constructor(options: HashPoolOptions = {}) {
    this.size = options.workers ?? Math.max(0, Math.min(4, availableParallelism() - 2));
    this.minBytes = options.minBytes ?? WORKER_HASH_MIN_BYTES;
  }

  /** Hashers for a run: inline below `minBytes`, in a worker (started on first use) above. */
  readonly hashers: HasherFactory = (path: string, expected: ExpectedContent): FileHasher => {
    if (this.size === 0 || expected.size < this.minBytes) return inlineHashers(path, expected);
    const id = (this.nextId += 1);
    if (this.workers.length < this.size) this.workers.push(new PoolWorker());
    const worker = this.workers[id % this.workers.length] as PoolWorker;
    worker.send({ id, type: 'open', path, algorithm: expected.algorithm, size: expected.size });
    return new WorkerHasher(worker, id);
  };

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}

function startWorker(): Worker {
  const built = new URL('./hash-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return new Worker(built);
  // Running from the TypeScript sources (tests, `node --import tsx`): in Node 20 a worker does not inherit
  // tsx's loader hooks, so the worker loads its module through tsx's API.
  const source = new URL('./hash-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`;
  return new Worker(bootstrap, { eval: true });
}
