/**
 * A git-mode repo's history from its clone, free of API calls: `git log` from the pinned commit and the
 * clone's refs (its local branches, the remote's branches and the tags).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RepoCommitInfo, RepoRef } from '../types.js';

const run = promisify(execFile);
const FIELD = '\u0000';
const RECORD = '\u001e';

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', cwd, ...args], { maxBuffer: 256 << 20, encoding: 'utf8' });
  return stdout;
}

export async function gitHistory(
  cloneDir: string,
  commit: string,
): Promise<{ commits: RepoCommitInfo[]; refs: RepoRef[] }> {
  const log = await git(cloneDir, ['log', `--format=%H%x00%s%x00%an <%ae>%x00%aI%x00%b%x1e`, commit]);
  const commits = log
    .split(RECORD)
    .map((r) => r.replace(/^\n/, ''))
    .filter((r) => r !== '')
    .map((record): RepoCommitInfo => {
      const [id = '', title = '', author = '', date = '', body = ''] = record.split(FIELD);
      return { id, title, message: body.trim(), authors: [author], date: date === '' ? null : date };
    });
  const refs = new Map<string, RepoRef>();
  const lines = await git(cloneDir, ['for-each-ref', '--format=%(refname)%00%(objectname)']);
  for (const line of lines.split('\n')) {
    const [ref = '', target = ''] = line.split(FIELD);
    const branch = /^refs\/(?:heads|remotes\/origin)\/(.+)$/.exec(ref)?.[1];
    const tag = /^refs\/tags\/(.+)$/.exec(ref)?.[1];
    if (branch !== undefined && branch !== 'HEAD') {
      refs.set(`branch:${branch}`, {
        kind: 'branch',
        name: branch,
        ref: `refs/heads/${branch}`,
        targetCommit: target,
      });
    } else if (tag !== undefined) {
      refs.set(`tag:${tag}`, { kind: 'tag', name: tag, ref, targetCommit: target });
    }
  }
  return { commits, refs: [...refs.values()] };
}
