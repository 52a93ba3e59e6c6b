/**
 * The git method: each admitted repo is one clone (clone-repo.ts), `concurrency` clones at once, in a private
 * git session (git-session.ts). The engine resolves, admits and tallies; this file decides, per repo, whether
 * an earlier clone still stands, and runs the clone.
 */
import { join } from 'node:path';
import { HttpError, type HfTorrentError } from '../../errors.js';
import type { RepoFile } from '../../types.js';
import { classifyError } from '../classify-error.js';
import type { AdmittedRepo, DownloadMethodRun } from '../engine/download-method.js';
import type { EngineContext, MethodFactory } from '../engine/run-engine.js';
import type { FileInFlight } from '../events.js';
import { reposRoot, stagingFolder, stagingSegments } from '../layout.js';
import { repoFolderSegments } from '../repo-folder.js';
import { ensureRealDirs } from '../real-dirs.js';
import { CloneProgress } from './clone-progress.js';
import { cloneRepo, type CloneRepoOptions } from './clone-repo.js';
import { earlierClone } from './earlier-clone.js';
import { explainAuthFailure } from './explain-auth-failure.js';
import { GitAuthRequiredError } from './git-failure-error.js';
import { checkGitInstalled } from './git-preflight.js';
import { GitSession } from './git-session.js';
import type { SparseSelection } from './sparse-selection.js';

export interface GitMethodSettings {
  /** The Hub's base URL: repos are cloned from `<endpoint>/<id>`. */
  endpoint: string;
  /** Hub token for git and git-lfs (through a credential helper), or undefined. */
  token: string | undefined;
  /** Where git's PATH and proxy settings come from. */
  environment: Readonly<Record<string, string | undefined>>;
  clone: Pick<CloneRepoOptions, 'depth' | 'dedupe' | 'lfsTransfers' | 'retry' | 'sleep'>;
}

/** A 401 git could not answer, or a 403 whatever its body (text or JSON): ask the API why. */
function refusedByHub(error: unknown): error is HfTorrentError {
  return error instanceof GitAuthRequiredError || (error instanceof HttpError && error.status === 403);
}

export function gitMethod(g: GitMethodSettings): { name: 'git'; create: MethodFactory } {
  return { name: 'git', create: (ctx) => new GitRun(ctx, g) };
}

class GitRun implements DownloadMethodRun {
  readonly name = 'git';
  private session: GitSession | null = null;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly g: GitMethodSettings,
  ) {}

  async start(): Promise<void> {
    const { endpoint, token, environment } = this.g;
    this.session = await GitSession.open({
      endpoint,
      token,
      inherited: environment,
      signal: this.ctx.signal,
    });
    if (!this.ctx.settings.dryRun) await checkGitInstalled(this.session);
  }

  async waitForRoom(): Promise<void> {
    while (this.running.size >= this.ctx.settings.concurrency && !this.ctx.signal.aborted) {
      await Promise.race(this.running);
    }
  }

  async take(repo: AdmittedRepo): Promise<void> {
    const { settings: s, tally } = this.ctx;
    const { repoId, manifest, selected, bytes } = repo;
    const { commit } = manifest;
    // every file selected is a plain checkout, not a sparse one
    const sparse = selected.length === repo.all.length ? null : selected.map((c) => c.file.path);
    const before = await earlierClone({
      ...s,
      session: this.sessionNow(),
      ...repo,
      commit,
      sparse,
      depth: this.g.clone.depth,
    });
    const files = selected.length;
    if (s.dryRun) {
      const fetch = before === 'trusted' ? 0 : 1;
      return tally.planned({
        repoId,
        commit,
        files,
        bytes,
        filesToFetch: files * fetch,
        bytesToFetch: bytes * fetch,
      });
    }
    if (before === 'trusted') {
      const counts = { files, bytes, verifiedFiles: files, verifiedBytes: bytes, failedFiles: 0 };
      return tally.finished(
        { repoId, commit, ...counts, diskBytes: repo.previous?.diskBytes ?? 0, stop: null },
        false,
      );
    }
    const wanted = selected.map((c) => c.file);
    const task = this.clone(repo, wanted, sparse, before === 'audit')
      .catch(this.ctx.stopRun)
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running);
  }

  async close(): Promise<void> {
    await this.session?.close();
  }

  private sessionNow(): GitSession {
    if (this.session === null) throw new Error('git method: start() was not called');
    return this.session;
  }

  private async clone(
    repo: AdmittedRepo,
    files: RepoFile[],
    sparse: SparseSelection,
    audit: boolean,
  ): Promise<void> {
    const { settings: s, tally } = this.ctx;
    const { repoId, bytes } = repo;
    const { commit } = repo.manifest;
    const entry: FileInFlight = { repoId, path: '(git clone)', bytes: 0, size: bytes };
    s.ledger.planFiles(
      repoId,
      commit,
      files.map((f) => ({ path: f.path, size: f.size, digest: f.lfs?.sha256 ?? f.blobId })),
    );
    const counts = { files: files.length, bytes, verifiedFiles: 0, verifiedBytes: 0, failedFiles: 0 };
    tally.downloading(repoId, commit, counts);
    tally.meter.inFlight.add(entry);
    const stageDir = join(stagingFolder(s.dataDir, repoId), 'git');
    const progress = new CloneProgress(join(stageDir, 'clone'), entry, tally.meter, s.progressIntervalMillis);
    try {
      // the staging folders must be real ones: a planted `repos/.incomplete` link would have the clone
      // removed and written elsewhere
      await ensureRealDirs(reposRoot(s.dataDir), stagingSegments(repoId));
      const outcome = await cloneRepo({
        ...this.g.clone,
        session: this.sessionNow(),
        repoId,
        commit,
        files: repo.manifest.files,
        sparse,
        audit,
        reposRoot: reposRoot(s.dataDir),
        // git mode writes the dataset layout only (download.ts refuses the others)
        folderSegments: repoFolderSegments(repo.repoId),
        stageDir,
        signal: this.ctx.signal,
        onPhase: (phase) => {
          entry.path = `(git ${phase})`;
        },
      });
      for (const f of files) tally.outcomes.add({ repoId, path: f.path, state: 'verified', bytes: f.size });
      this.settleProgress(files.length, bytes, outcome.resumed, progress.stop());
      const done = {
        ...counts,
        verifiedFiles: files.length,
        verifiedBytes: bytes,
        diskBytes: outcome.diskBytes,
      };
      tally.finished({ repoId, commit, ...done, stop: null });
    } catch (caught) {
      tally.meter.bytesDone -= progress.stop();
      if (this.ctx.signal.aborted) return;
      await this.cloneFailed(repoId, caught);
    } finally {
      progress.stop();
      tally.meter.inFlight.delete(entry);
    }
  }

  /**
   * A clone reports no byte counts: a fresh one counts its content as fetched; a completed or audited one
   * counts nothing, not knowing what it fetched. `counted`: bytes the clone's progress already put in the meter.
   */
  private settleProgress(files: number, bytes: number, resumed: boolean, counted: number): void {
    const { tally } = this.ctx;
    tally.meter.bytesDone += bytes - counted;
    tally.meter.filesDone += files;
    if (resumed) return;
    tally.fetched(files, bytes);
    tally.meter.bytesFetched += bytes - counted;
  }

  private async cloneFailed(repoId: string, caught: unknown): Promise<void> {
    const { settings: s, tally } = this.ctx;
    // git shows only what the server printed; what the Hub's API says about the repo decides the reason
    const error = refusedByHub(caught) ? await explainAuthFailure(s.client, repoId, caught) : caught;
    const action = classifyError(error);
    if (action.action === 'stop-run') return this.ctx.stopRun(action.error);
    // a failed clone keeps its staging folder for the next run; the Hub refused a skipped one
    const skipped = action.action === 'skip-repo';
    tally.ended(repoId, skipped ? 'skipped' : 'failed', action.reason, action.detail, skipped);
  }
}
