/**
 * Runs one git command of git mode: an argument vector (never a shell), the environment from
 * git-environment.ts, output collected (stderr bounded), and the child stopped when the signal aborts.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { AbortedError } from '../../errors.js';

export interface GitCommand {
  args: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string>>;
  signal?: AbortSignal;
  /** Written to git's stdin (then closed). Default: stdin is empty. */
  input?: Buffer;
}

export interface GitResult {
  /** Exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  /** The end of stderr (at most 64 KiB), as text. */
  stderr: string;
}

const STDERR_KEEP = 64 * 1024;

/** Runs git to its end; never throws for a non-zero exit (the caller classifies it). */
export async function runGit(command: GitCommand): Promise<GitResult> {
  if (command.signal?.aborted) throw new AbortedError('git mode aborted');
  const child = spawn('git', command.args, {
    cwd: command.cwd,
    env: command.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // git that exits before reading all of stdin gives EPIPE: its exit status says what happened
  child.stdin.on('error', () => undefined);
  child.stdin.end(command.input);
  const stdout: Buffer[] = [];
  let stderr = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = Buffer.concat([stderr, chunk]);
    if (stderr.length > STDERR_KEEP) stderr = stderr.subarray(stderr.length - STDERR_KEEP);
  });
  const stop = (): void => {
    child.kill('SIGTERM');
  };
  command.signal?.addEventListener('abort', stop, { once: true });
  try {
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    if (command.signal?.aborted) throw new AbortedError('git mode aborted');
    return { code, signal, stdout: Buffer.concat(stdout), stderr: stderr.toString('utf8') };
  } finally {
    command.signal?.removeEventListener('abort', stop);
  }
}

/** One line naming how a git command ended, for failure details. */
export function describeGitResult(args: readonly string[], result: GitResult): string {
  const how = result.signal !== null ? `killed by ${result.signal}` : `exit ${result.code ?? '?'}`;
  const lines = result.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('Cloning into') && !l.startsWith('fetch: Fetching'));
  const tail = lines.slice(-3).join(' | ');
  return `git ${args.find((a) => !a.startsWith('-')) ?? ''} ${how}${tail === '' ? '' : `: ${tail}`}`;
}
