/**
 * The hash worker: keeps one incremental hash per partial file and extends it by reading the file's newly
 * written ranges (from the page cache, moments after the main thread wrote them). Messages arrive in order,
 * so a `reset` or `digest` sees every `advance` sent before it.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { createContentHasher, type ContentHasher, type HashAlgorithm } from '../content-hash.js';
import type { WorkerReply, WorkerRequest } from './hash-protocol.js';

interface Open {
  fd: number;
  algorithm: HashAlgorithm;
  size: number;
  hash: ContentHasher;
  hashed: number;
  error: string | null;
}

const files = new Map<number, Open>();
const buffer = Buffer.allocUnsafe(1024 * 1024);
const port = parentPort;

function extend(file: Open, upTo: number): void {
  while (file.error === null && file.hashed < upTo) {
    const n = readSync(file.fd, buffer, 0, Math.min(buffer.length, upTo - file.hashed), file.hashed);
    if (n === 0) {
      file.error = `the file ended at byte ${file.hashed}, before ${upTo}`;
      break;
    }
    file.hash.update(buffer.subarray(0, n));
    file.hashed += n;
  }
}

function handle(message: WorkerRequest): WorkerReply | null {
  if (message.type === 'open') {
    const hash = createContentHasher(message);
    const file: Open = {
      fd: -1,
      algorithm: message.algorithm,
      size: message.size,
      hash,
      hashed: 0,
      error: null,
    };
    try {
      file.fd = openSync(message.path, 'r');
    } catch (error) {
      file.error = error instanceof Error ? error.message : String(error);
    }
    files.set(message.id, file);
    return null;
  }
  const file = files.get(message.id);
  if (file === undefined) return { id: message.id, type: 'error', message: 'unknown file' };
  try {
    switch (message.type) {
      case 'advance':
        extend(file, message.upTo);
        return null;
      case 'reset':
        file.hash = createContentHasher(file);
        file.hashed = 0;
        if (file.fd !== -1) file.error = null;
        return { id: message.id, type: 'reset' };
      case 'digest':
        extend(file, message.upTo);
        if (file.error !== null) return { id: message.id, type: 'error', message: file.error };
        return { id: message.id, type: 'digest', digest: file.hash.digest() };
      case 'close':
        files.delete(message.id);
        if (file.fd !== -1) closeSync(file.fd);
        return null;
    }
  } catch (error) {
    file.error = error instanceof Error ? error.message : String(error);
    return message.type === 'advance' ? null : { id: message.id, type: 'error', message: file.error };
  }
}

port?.on('message', (message: WorkerRequest) => {
  const reply = handle(message);
  if (reply !== null) port.postMessage(reply);
});
