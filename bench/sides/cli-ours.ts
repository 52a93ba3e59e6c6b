/**
 * Our side: the `hftorrent` CLI exactly as a user runs it (same `main`, default settings), in a process of its
 * own. stdout (the `--json` summary) is captured and returned; progress goes to a discarded stream.
 */
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { sideMain } from '../measure/side-main.js';

export interface CliSpec {
  resultFile: string;
  argv: string[];
  /** What the CLI sees as its environment (git mode takes PATH from it). Default: empty. */
  env?: Record<string, string>;
}

export interface CliData {
  exitCode: number;
  /** The parsed `--json` summary (last JSON line of stdout), when any. */
  summary: unknown;
  stderrTail: string;
}

await sideMain<CliSpec, CliData>(async (spec) => {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk: Buffer) => {
    stdout = (stdout + chunk.toString('utf8')).slice(-4_000_000);
  });
  err.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const io: CliIo = { stdout: out, stderr: err, env: spec.env ?? {} };
  const exitCode = await main(spec.argv, io);
  const last = stdout.trim().split('\n').pop() ?? '';
  let summary: unknown = null;
  try {
    summary = JSON.parse(last);
  } catch {
    summary = null;
  }
  return { exitCode, summary, stderrTail: stderr };
});
