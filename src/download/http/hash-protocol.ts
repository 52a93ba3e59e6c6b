/** Messages between the main thread and the hash worker (hash-pool.ts, hash-worker.ts). */
import type { HashAlgorithm } from '../content-hash.js';

export type WorkerRequest =
  | { id: number; type: 'open'; path: string; algorithm: HashAlgorithm; size: number }
  | { id: number; type: 'advance'; upTo: number }
  | { id: number; type: 'reset' }
  | { id: number; type: 'digest'; upTo: number }
  | { id: number; type: 'close' };

export type WorkerReply =
  | { id: number; type: 'reset' }
  | { id: number; type: 'digest'; digest: string }
  | { id: number; type: 'error'; message: string };
