/**
 * Builds the bare git repository of one synthetic repo with `git fast-import`, then checks that git computed
 * exactly the commit ids the Hub lists. A mismatch is an emulator bug and fails the build: nothing is ever
 * fixed up to look right.
 */
import { mkdir, rename, rm } from 'node:fs/promises';
import type { HubModel } from '../hub/hub-model.js';
import type { SyntheticHub } from '../hub/synthetic-hub.js';
import { fastImportScript } from './fast-import-script.js';
import { runServerGit } from './run-git.js';

/**
 * Creates `dir` (which must not exist yet) as a bare repo whose `main` is the repo's current commit, with
 * every older commit as its ancestors. Built in `<dir>.tmp` and renamed, so `dir` is complete or absent.
 */
export async function buildBareRepo(
  hub: SyntheticHub,
  model: HubModel,
  dir: string,
  home: string,
): Promise<void> {
  const staging = `${dir}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const git = (args: string[], input?: Iterable<Buffer>) => runServerGit(args, { cwd: staging, home, input });
  await git(['init', '--quiet', '--bare', '--initial-branch=main', '.']);
  // Clients that pin a commit fetch it by id (shallow clones of a moved repo need its parent).
  await git(['config', 'uploadpack.allowReachableSHA1InWant', 'true']);
  await git(['config', 'http.receivepack', 'false']);
  const commits = hub.commits(model);
  await git(
    ['fast-import', '--quiet', '--done', '--date-format=raw'],
    fastImportScript(commits, (commit, path) => hub.fileChunks(model, commit.sha, path)),
  );
  const built = (await git(['rev-list', '--reverse', 'refs/heads/main'])).trim().split('\n');
  const expected = commits.map((c) => c.sha);
  if (built.join(' ') !== expected.join(' ')) {
    throw new Error(
      `git built ${model.id} as ${built.join(', ')} but the Hub lists ${expected.join(', ')}: ` +
        'the synthetic Hub and git disagree on an object id',
    );
  }
  await rename(staging, dir);
}
