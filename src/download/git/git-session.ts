/**
 * The git commands of one git-mode run: a private HOME (created at start, removed at the end), the
 * environment of git-environment.ts, and failures turned into the errors both download methods share.
 */
import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HfTorrentError } from '../../errors.js';
import { classifyGitFailure } from './classify-git-failure.js';
import { gitFailureError } from './git-failure-error.js';
import { gitEnvironment } from './git-environment.js';
import { describeGitResult, runGit, type GitResult } from './run-git.js';

export interface GitSessionOptions {
  /** Hub base URL. */
  endpoint: string;
  /** Hub token, or undefined for anonymous access. */
  token?: string;
  /** Where PATH and proxy settings come from. */
  inherited: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
  /** Where the private HOME is made. Default: the OS temp folder. */
  tempRoot?: string;
}

/** `hftorrent-git-<pid>-<random>`: the pid tells a later run whether the owner is still alive. */
const HOME_PREFIX = 'hftorrent-git-';
const ORPHAN_NAME = new RegExp(`^${HOME_PREFIX}(\\d+)-`);

export type GitConfig = ReadonlyArray<readonly [string, string]>;

export class GitSession {
  private constructor(
    private readonly options: GitSessionOptions,
    readonly home: string,
  ) {}

  /**
   * Starts a session with a fresh private HOME (mode 0700, from mkdtemp), after removing the HOMEs that
   * killed runs left behind (a SIGKILL gives `close` no chance).
   */
  static async open(options: GitSessionOptions): Promise<GitSession> {
    const root = options.tempRoot ?? tmpdir();
    await removeOrphanHomes(root);
    return new GitSession(options, await mkdtemp(join(root, `${HOME_PREFIX}${process.pid}-`)));
  }

  async close(): Promise<void> {
    await rm(this.home, { recursive: true, force: true });
  }

  get endpoint(): string {
    return this.options.endpoint;
  }

  /** Runs `git args` in `cwd`; the result, whatever the exit status. */
  run(args: readonly string[], cwd: string, config: GitConfig = [], input?: Buffer): Promise<GitResult> {
    return runGit({
      args,
      cwd,
      input,
      env: gitEnvironment({
        inherited: this.options.inherited,
        home: this.home,
        endpoint: this.options.endpoint,
        token: this.options.token,
        config,
      }),
      signal: this.options.signal,
    });
  }

  /**
   * Runs `git args` and returns its stdout; a failure becomes the classified error (GatedRepoError,
   * NetworkError, RevisionNotFoundError, GitError, ...) for `repoId`.
   */
  async ok(
    args: readonly string[],
    cwd: string,
    context: { repoId: string; config?: GitConfig; input?: Buffer },
  ): Promise<string> {
    const result = await this.run(args, cwd, context.config, context.input);
    if (result.code === 0) return result.stdout.toString('utf8');
    throw this.failure(args, result, context.repoId);
  }

  /** The error a failed command stands for. */
  failure(args: readonly string[], result: GitResult, repoId: string): HfTorrentError {
    const detail = describeGitResult(args, result);
    return gitFailureError(classifyGitFailure(result.stderr), detail, {
      repoId,
      url: `${this.options.endpoint}/${repoId}`,
    });
  }
}

/**
 * Removes `hftorrent-git-<pid>-*` folders of this user whose process is gone. A folder whose pid is alive
 * (another run, or a reused pid) is left alone; so is anything this user does not own. Best effort: a HOME
 * that cannot be removed costs a few bytes, never the run.
 */
export async function removeOrphanHomes(root: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const match = ORPHAN_NAME.exec(name);
    if (match === null || isAlive(Number(match[1]))) continue;
    const path = join(root, name);
    try {
      const stats = await lstat(path);
      if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid)) continue;
      await rm(path, { recursive: true, force: true });
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True for errors worth another try of the same step (network, 5xx, 429, bytes that did not hash right). */
export function isRetryable(error: unknown): boolean {
  return error instanceof HfTorrentError && error.consequence === 'retry';
}
