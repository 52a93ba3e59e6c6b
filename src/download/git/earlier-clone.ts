/**
 * A clone an earlier git-mode run verified at this commit, with the same files in its working tree: trusted
 * when still in place, audited when the run asks for it (or the machine rebooted since), else none.
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LedgerRepo } from '../../catalog/ledger.js';
import type { GitSession } from './git-session.js';
import { hasSelection, type SparseSelection } from './sparse-selection.js';

export interface EarlierCloneCheck {
  session: GitSession;
  previous: LedgerRepo | null;
  commit: string;
  folder: string;
  sparse: SparseSelection;
  /** The run's `--depth`; undefined asks for the whole history. */
  depth: number | undefined;
  verifyExisting: boolean;
  recheckVerifiedSince: string | null;
}

export async function earlierClone(c: EarlierCloneCheck): Promise<'none' | 'trusted' | 'audit'> {
  const { previous, session, folder } = c;
  if (previous?.state !== 'verified' || previous.method !== 'git' || previous.commit !== c.commit)
    return 'none';
  const head = await session.run(['rev-parse', '--verify', '--quiet', 'HEAD'], folder).catch(() => null);
  if (head?.code !== 0 || head.stdout.toString('utf8').trim() !== c.commit) return 'none';
  if (!(await hasSelection(join(folder, '.git'), c.sparse))) return 'none';
  // a sparse clone must still be sparse (one more git process, for filtered runs only: a full clone is told
  // by the absence of the patterns file, and a re-run of 300k repos should not start 300k more processes)
  if (c.sparse !== null) {
    const on = await session.run(['config', '--bool', 'core.sparseCheckout'], folder).catch(() => null);
    if (on?.stdout.toString('utf8').trim() !== 'true') return 'none';
  }
  // a shallow clone does not satisfy a run that asks for the whole history
  if (c.depth === undefined && (await isFile(join(folder, '.git', 'shallow')))) return 'none';
  const suspect = c.recheckVerifiedSince !== null && (previous.finishedAt ?? '') >= c.recheckVerifiedSince;
  return c.verifyExisting || suspect ? 'audit' : 'trusted';
}

async function isFile(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => null))?.isFile() ?? false;
}
