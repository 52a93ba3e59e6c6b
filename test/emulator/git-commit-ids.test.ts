/**
 * The listed `sha` is a real git commit id: real `git` rebuilds every blob, tree and commit of a repo from
 * the synthetic Hub's files and metadata and gets exactly the ids the Hub serves.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SIZE_PROFILES, SyntheticHub, lfsPointerText, type RepoCommit } from '../../src/emulator/index.js';

function git(cwd: string, args: string[], input?: string | Buffer, env: Record<string, string> = {}): string {
  return execFileSync('git', args, {
    cwd,
    input,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  }).trim();
}

describe('real git computes the ids the Hub serves', () => {
  let dir: string;
  let repo: string;
  let hub: SyntheticHub;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'hf-git-ids-'));
    repo = join(dir, 'repo');
    mkdirSync(repo);
    git(repo, ['init', '-q']);
    // a small head so that index 30 is a cheap tail repo
    hub = new SyntheticHub({ models: 40, seed: 'git-ids', sizes: { ...SIZE_PROFILES.tiny, headRepos: 20 } });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes every blob with git, builds every tree with `git mktree`, the commit with `git commit-tree`. */
  function rebuild(id: string, commit: RepoCommit, parent: string | null): string {
    const blobsDir = join(dir, 'blobs');
    rmSync(blobsDir, { recursive: true, force: true });
    mkdirSync(blobsDir);
    const paths: string[] = [];
    commit.files.forEach((file, i) => {
      const path = join(blobsDir, String(i));
      writeFileSync(
        path,
        file.lfs === null
          ? hub.readFile(id, commit.sha, file.path)
          : lfsPointerText(file.lfs.sha256, file.lfs.size),
      );
      paths.push(path);
    });
    const blobIds = git(repo, ['hash-object', '-w', '--stdin-paths'], paths.join('\n') + '\n').split('\n');
    assert.deepEqual(
      blobIds,
      commit.files.map((f) => f.blobId),
      `${id} blob ids`,
    );

    // trees bottom-up: every directory, deepest first; git mktree sorts the entries itself
    const dirs = [...commit.dirs.keys()].sort(
      (a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1),
    );
    const treeIds = new Map<string, string>();
    for (const folder of dirs.filter((d) => d !== '').concat([''])) {
      const prefix = folder === '' ? '' : `${folder}/`;
      const lines: string[] = [];
      for (const entry of commit.entries) {
        if (!entry.path.startsWith(prefix)) continue;
        const rest = entry.path.slice(prefix.length);
        if (rest.includes('/')) continue;
        if (entry.type === 'file') lines.push(`100644 blob ${entry.oid}\t${rest}`);
        else lines.push(`040000 tree ${treeIds.get(entry.path) ?? 'missing'}\t${rest}`);
      }
      const tree = git(repo, ['mktree', '-z'], Buffer.from(lines.map((l) => `${l}\0`).join(''), 'utf8'));
      assert.equal(tree, commit.dirs.get(folder), `${id} tree ${JSON.stringify(folder)}`);
      treeIds.set(folder, tree);
    }
    const date = `@${commit.time} +0000`;
    const env = {
      GIT_AUTHOR_NAME: commit.authorName,
      GIT_AUTHOR_EMAIL: commit.authorEmail,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: commit.authorName,
      GIT_COMMITTER_EMAIL: commit.authorEmail,
      GIT_COMMITTER_DATE: date,
    };
    const args = [
      'commit-tree',
      treeIds.get('') as string,
      ...(parent === null ? [] : ['-p', parent]),
      '-m',
      commit.title,
    ];
    return git(repo, args, undefined, env);
  }

  function check(id: string): void {
    let parent: string | null = null;
    for (const commit of hub.commits(id)) {
      assert.equal(commit.parent, parent);
      const sha = rebuild(id, commit, parent);
      assert.equal(sha, commit.sha, `${id} commit ${commit.number}`);
      parent = sha;
    }
    assert.equal(parent, hub.currentSha(id));
  }

  test('an ordinary repo, a tail repo and a legacy (author-less) repo', () => {
    check(hub.at(0).id);
    check(hub.at(30).id);
    check(hub.specials.legacy[0] as string);
  });

  test('odd names (spaces, accents, CJK, emoji) sort and hash like git', () => {
    check(hub.specials.oddNames as string);
  });

  test('the moved repo: listed commit, then a child commit whose parent it is', () => {
    const id = hub.specials.moved as string;
    check(id);
    const [, listed, current] = hub.commits(id);
    assert.equal(listed?.sha, hub.listedSha(id));
    assert.equal(current?.parent, listed?.sha);
  });

  test('a repo with more than 1000 files in nested folders', () => {
    check(hub.specials.manyFiles as string);
  });

  test('.gitattributes routes exactly the LFS files through LFS', () => {
    for (const id of [hub.at(0).id, hub.specials.oddNames as string, hub.specials.manyFiles as string]) {
      const sha = hub.currentSha(id);
      writeFileSync(join(repo, '.gitattributes'), hub.readFile(id, sha, '.gitattributes'));
      const files = hub.files(id, sha);
      const out = git(
        repo,
        ['check-attr', '-z', '--stdin', 'filter'],
        files.map((f) => `${f.path}\0`).join(''),
      );
      const fields = out.split('\0');
      const lfsByGit = new Map<string, boolean>();
      for (let i = 0; i + 2 < fields.length; i += 3)
        lfsByGit.set(fields[i] as string, fields[i + 2] === 'lfs');
      for (const file of files)
        assert.equal(lfsByGit.get(file.path), file.lfs !== null, `${id}: ${file.path}`);
    }
  });
});
