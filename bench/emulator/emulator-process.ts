/** The parent's handle on an emulator host process (host.ts): start it, read and reset its counters, stop it. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { trackChild } from '../measure/cleanup.js';
import type { HostMessage, HostOptions, HostRequest, ServedStats } from './protocol.js';

export interface EmulatorProcess {
  endpoint: string;
  cdnEndpoint: string;
  pid: number;
  stats(options?: { perFile?: boolean }): Promise<ServedStats>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

const HOST = fileURLToPath(new URL('./host.ts', import.meta.url));
const START_TIMEOUT_MILLIS = 60_000;
const REPLY_TIMEOUT_MILLIS = 30_000;

function nextMessage(
  child: ChildProcess,
  type: HostMessage['type'],
  timeoutMillis: number,
): Promise<HostMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`emulator host: no ${type} reply in ${timeoutMillis} ms`)),
      timeoutMillis,
    );
    const onMessage = (raw: unknown): void => {
      const message = raw as HostMessage;
      if (message.type === type) done(null, message);
      else if (message.type === 'error') done(new Error(`emulator host: ${message.message}`));
    };
    const onExit = (code: number | null, signal: string | null): void =>
      done(new Error(`emulator host exited (${code ?? signal}) before ${type}`));
    function done(error: Error | null, message?: HostMessage): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error !== null) reject(error);
      else resolve(message as HostMessage);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startEmulatorProcess(options: HostOptions): Promise<EmulatorProcess> {
  const child = fork(HOST, [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  trackChild(child);
  const ready = (await nextMessage(child, 'ready', START_TIMEOUT_MILLIS)) as Extract<
    HostMessage,
    { type: 'ready' }
  >;
  // One request at a time: replies carry no id.
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <T extends HostMessage>(request: HostRequest, reply: HostMessage['type']): Promise<T> => {
    const next = queue.then(async () => {
      const answer = nextMessage(child, reply, REPLY_TIMEOUT_MILLIS);
      child.send(request);
      return (await answer) as T;
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    endpoint: ready.endpoint,
    cdnEndpoint: ready.cdnEndpoint,
    pid: child.pid as number,
    stats: async (opts = {}) =>
      (await ask<Extract<HostMessage, { type: 'stats' }>>({ type: 'stats', perFile: opts.perFile }, 'stats'))
        .stats,
    reset: async () => {
      await ask({ type: 'reset' }, 'reset-done');
    },
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'close' } satisfies HostRequest);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
