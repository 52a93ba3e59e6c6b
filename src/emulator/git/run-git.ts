/**
 * Runs `git` for the emulator's server side (init, fast-import, rev-list): an argument vector, no shell, no
 * system or user configuration, stdin fed from an iterable with backpressure.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export interface ServerGitOptions {
  /** Working directory (usually the bare repo). */
  cwd: string;
  /** HOME for git: a directory of the emulator's own, so no user configuration applies. */
  home: string;
  /** Fed to stdin, chunk by chunk; stdin is closed at the end. Default: nothing. */
  input?: Iterable<Buffer>;
}

/**
 * The environment of every git the emulator starts: nothing inherited, so a developer's global config or
 * `GIT_*` variables cannot change what is served. git finds its own helpers through its exec path; the PATH
 * only has to locate `git` itself.
 */
export function serverGitEnvironment(home: string): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
  };
}

/** Runs git to completion; resolves with its stdout, rejects with its stderr when it fails. */
export async function runServerGit(args: readonly string[], options: ServerGitOptions): Promise<string> {
  const child = spawn('git', args, {
    cwd: options.cwd,
    env: serverGitEnvironment(options.home),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  // An EPIPE on stdin means git died early: its exit status and stderr say why.
  child.stdin.on('error', () => undefined);
  try {
    for (const chunk of options.input ?? []) {
      if (child.stdin.destroyed) break;
      if (!child.stdin.write(chunk)) await Promise.race([once(child.stdin, 'drain'), exited]);
    }
  } finally {
    child.stdin.end();
  }
  const [code, signal] = await exited;
  if (code !== 0) {
    const why = Buffer.concat(stderr).toString('utf8').trim();
    throw new Error(`git ${args[0] ?? ''} failed (${signal ?? `exit ${code}`}): ${why}`);
  }
  return Buffer.concat(stdout).toString('utf8');
}
