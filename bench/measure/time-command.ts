/**
 * Runs a non-Node command (curl) under GNU `/usr/bin/time`, which reports the child's wall time, user and
 * system CPU and peak RSS exactly as the kernel accounted them. Bounded in time; SIGKILL on timeout.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, releaseTempDir, trackChild } from './cleanup.js';
import type { SideReport } from './side-report.js';

export interface CommandRun {
  report: SideReport | null;
  exitCode: number | null;
  stderrTail: string;
  timedOut: boolean;
}

export const TIME_BINARY = '/usr/bin/time';

export async function timeCommand(
  command: string,
  args: string[],
  timeoutMillis: number,
  /** The command's whole environment (default: the bench's own). */
  env?: Record<string, string>,
): Promise<CommandRun> {
  const scratch = makeTempDir('time');
  try {
    const out = join(scratch, 'time.txt');
    const started = performance.now();
    const child = spawn(TIME_BINARY, ['-f', '%e %U %S %M %I %O', '-o', out, command, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env,
    });
    trackChild(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMillis);
    const exitCode = await new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    clearTimeout(timer);
    const wall = (performance.now() - started) / 1000;
    let report: SideReport | null = null;
    try {
      // time(1) writes "Command exited with non-zero status N" before the figures when the command failed.
      const line = readFileSync(out, 'utf8').trim().split('\n').pop() ?? '';
      const [, user, system, rss, inBlocks, outBlocks] = line.split(/\s+/).map(Number);
      if (user !== undefined && system !== undefined && rss !== undefined && Number.isFinite(rss))
        report = {
          workSeconds: wall,
          userSeconds: user,
          systemSeconds: system,
          maxRssKb: rss,
          // time(1) reports getrusage's block counts, 512-byte units on Linux
          diskReadBytes: (inBlocks ?? NaN) * 512,
          diskWriteBytes: (outBlocks ?? NaN) * 512,
        };
    } catch {
      report = null;
    }
    return { report, exitCode, stderrTail: stderr, timedOut };
  } finally {
    releaseTempDir(scratch);
  }
}
