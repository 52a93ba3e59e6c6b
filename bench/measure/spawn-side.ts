/**
 * The parent half of a measured side: runs `bench/sides/<script>` in a child process of its own (so its CPU
 * and RSS are its own), bounded in time, optionally SIGKILLed a given time after its work started.
 */
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, releaseTempDir, trackChild } from './cleanup.js';
import type { SideReport } from './side-report.js';

export interface SideRun<Data> {
  /** The child's report; null when it was killed or died before writing one. */
  report: SideReport<Data> | null;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Wall seconds from spawn to exit, as the parent saw it (module loading included). */
  processSeconds: number;
  /** Last lines of the child's stderr, for error messages. */
  stderrTail: string;
  timedOut: boolean;
  killed: boolean;
}

export interface SpawnSideOptions {
  /** File name under bench/sides/ (`.mjs`: plain node; `.ts`: through tsx). */
  script: string;
  /** Passed to the side as JSON (plus `resultFile`). */
  spec: Record<string, unknown>;
  timeoutMillis: number;
  /** SIGKILL the child this many milliseconds after its work started. */
  killAfterStartMillis?: number;
  env?: Record<string, string>;
}

const SIDES = fileURLToPath(new URL('../sides/', import.meta.url));
const STDERR_TAIL_BYTES = 4000;

export async function spawnSide<Data>(options: SpawnSideOptions): Promise<SideRun<Data>> {
  const scratch = makeTempDir('side');
  try {
    const resultFile = join(scratch, 'result.json');
    const specFile = join(scratch, 'spec.json');
    writeFileSync(specFile, JSON.stringify({ ...options.spec, resultFile }));
    const started = performance.now();
    const child = fork(join(SIDES, options.script), [specFile], {
      // TypeScript sides run through tsx; plain JavaScript ones (ours: the built CLI) without it
      execArgv: options.script.endsWith('.mjs') ? [] : ['--import', 'tsx'],
      // stdout is dropped: some peers log a line per file, which must not flood the bench's output.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: scratch, ...options.env },
    });
    trackChild(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    let timedOut = false;
    let killed = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMillis);
    let killTimer: NodeJS.Timeout | undefined;
    child.on('message', (message: { type?: string }) => {
      if (message.type === 'started' && options.killAfterStartMillis !== undefined) {
        killTimer = setTimeout(() => {
          killed = true;
          child.kill('SIGKILL');
        }, options.killAfterStartMillis);
      }
    });
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('exit', (code, sig) => resolve([code, sig])),
    );
    clearTimeout(timeout);
    clearTimeout(killTimer);
    const processSeconds = (performance.now() - started) / 1000;
    let report: SideReport<Data> | null = null;
    try {
      report = JSON.parse(readFileSync(resultFile, 'utf8')) as SideReport<Data>;
    } catch {
      report = null;
    }
    return { report, exitCode, signal, processSeconds, stderrTail: stderr, timedOut, killed };
  } finally {
    releaseTempDir(scratch);
  }
}
