/** git mode needs git and git-lfs: without them the run cannot proceed, and says what to install. */
import { GitMissingError } from '../../errors.js';
import type { GitSession } from './git-session.js';

export async function checkGitInstalled(session: GitSession): Promise<void> {
  for (const [args, what] of [
    [['--version'], 'git'],
    [['lfs', 'version'], 'git-lfs'],
  ] as const) {
    let ok = false;
    try {
      ok = (await session.run(args, session.home)).code === 0;
    } catch {
      ok = false;
    }
    if (!ok) {
      throw new GitMissingError(
        `--method git needs ${what}, and running \`${['git', ...args].join(' ')}\` failed: install ${what}`,
      );
    }
  }
}
