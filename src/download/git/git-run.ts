/**
 * The engine of a git-mode run: manifests resolved a few repos ahead (the same model info calls as the HTTP
 * method), repos admitted in rank order (unsafe paths, budget), `concurrency` repos cloned at once, and every
 * state change written to the same ledger as the HTTP method, with method `git`.
 */
import { setMaxListeners } from 'node:events';
import { lstat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ledger, LedgerRepo } from '../../catalog/ledger.js';
import type { ManifestStore } from '../../catalog/manifest-store.js';
import { AbortedError, HfTorrentError } from '../../errors.js';
import type { HubClient } from '../../hub/hub-client.js';
import type { RepoFile } from '../../types.js';
import type { ByteBudget } from '../byte-budget.js';
import { classifyError } from '../classify-error.js';
import type { DownloadItem } from '../download-run.js';
import type { DownloadEvent, FileInFlight } from '../events.js';
import { FILTERED_OUT, type FileFilter } from '../file-filter.js';
import { reposRoot, stagingFolder } from '../layout.js';
import { repoFolderSegments } from '../repo-folder.js';
import { repoManifest, type RepoManifest } from '../repo-manifest.js';
import { safePathSegments } from '../safe-path.js';
import type { DownloadSummary } from '../summary.js';
import { CloneProgress } from './clone-progress.js';
import { cloneRepo, type CloneRepoOptions } from './clone-repo.js';
import { explainAuthFailure } from './explain-auth-failure.js';
import { GitAuthRequiredError } from './git-failure-error.js';
import { checkGitInstalled } from './git-preflight.js';
import { GitRunTally } from './git-run-tally.js';
import { GitSession } from './git-session.js';
import { resolveAhead } from './resolve-ahead.js';
import { hasSelection, type SparseSelection } from './sparse-selection.js';

export interface GitRunSettings {
  dataDir: string;
  client: HubClient;
  /** The Hub's base URL: repos are cloned from `<endpoint>/<id>`. */
  endpoint: string;
  /** Hub token for git and git-lfs (through a credential helper), or undefined. */
  token: string | undefined;
  /** Where git's PATH and proxy settings come from. */
  environment: Readonly<Record<string, string | undefined>>;
  ledger: Ledger;
  manifests: ManifestStore;
  /** `--include` / `--exclude`: the files the working tree gets (a sparse checkout); null keeps all. */
  filter: FileFilter | null;
  budget: ByteBudget;
  dryRun: boolean;
  /** Check every verified clone again from disk before trusting it. */
  verifyExisting: boolean;
  /** Clones verified at or after this ISO time are checked again (the machine rebooted since); null: none. */
  recheckVerifiedSince: string | null;
  /** Repos cloned at once. */
  concurrency: number;
  /** Repos whose manifests are resolved ahead of the one being admitted. */
  prefetch: number;
  clone: Pick<
    CloneRepoOptions,
    'depth' | 'dedupe' | 'lfsTransfers' | 'maxTries' | 'retryDelayMillis' | 'sleep'
  >;
  now: () => number;
  progressIntervalMillis: number;
  emit: (event: DownloadEvent) => void;
  signal: AbortSignal | undefined;
}

type Resolution =
  | { kind: 'manifest'; manifest: RepoManifest }
  | { kind: 'disabled'; mainSha: string | null }
  | { kind: 'error'; error: unknown }
  /** Past the byte budget nothing more is asked, not even a manifest. */
  | { kind: 'over-budget' };

export async function runGitDownload(
  items: Iterable<DownloadItem>,
  reposTotal: number,
  s: GitRunSettings,
): Promise<DownloadSummary> {
  const tally = new GitRunTally(reposTotal, s.dryRun, s.now, s.ledger, s.emit);
  const controller = new AbortController();
  let fatal: unknown = null;
  const stopRun = (error: unknown): void => {
    fatal ??= error;
    controller.abort();
  };
  // every git child, pause and hash stream of the repos in flight listens to it
  setMaxListeners(Math.max(10, s.concurrency * 8), controller.signal);
  const onExternalAbort = (): void => stopRun(new AbortedError('download aborted'));
  if (s.signal?.aborted) onExternalAbort();
  s.signal?.addEventListener('abort', onExternalAbort, { once: true });
  const session = await GitSession.open({
    endpoint: s.endpoint,
    token: s.token,
    inherited: s.environment,
    signal: controller.signal,
  });
  const root = reposRoot(s.dataDir);
  const removeStaging = (repoId: string): Promise<void> =>
    rm(stagingFolder(s.dataDir, repoId), { recursive: true, force: true }).catch(() => undefined);

  const resolve = async (item: DownloadItem): Promise<Resolution> => {
    if (s.budget.exhausted) return { kind: 'over-budget' };
    try {
      const pinned = item.listedCommit ?? s.ledger.getRepo(item.repoId)?.commit ?? null;
      const result = await repoManifest({
        repoId: item.repoId,
        pinned,
        client: s.client,
        store: s.manifests,
      });
      if ('disabled' in result) return { kind: 'disabled', mainSha: result.mainSha };
      return { kind: 'manifest', manifest: result };
    } catch (error) {
      return { kind: 'error', error };
    }
  };

  /**
   * A clone an earlier git-mode run verified at this commit, with the same files in its working tree: trusted
   * when still in place, or audited.
   */
  const earlier = async (
    previous: LedgerRepo | null,
    commit: string,
    folder: string,
    sparse: SparseSelection,
  ): Promise<'none' | 'trusted' | 'audit'> => {
    if (previous?.state !== 'verified' || previous.method !== 'git' || previous.commit !== commit)
      return 'none';
    const head = await session.run(['rev-parse', '--verify', '--quiet', 'HEAD'], folder).catch(() => null);
    if (head?.code !== 0 || head.stdout.toString('utf8').trim() !== commit) return 'none';
    if (!(await hasSelection(join(folder, '.git'), sparse))) return 'none';
    // a sparse clone must still be sparse (one more git process, for filtered runs only: a full clone is told
    // by the absence of the patterns file, and a re-run of 300k repos should not start 300k more processes)
    if (sparse !== null) {
      const on = await session.run(['config', '--bool', 'core.sparseCheckout'], folder).catch(() => null);
      if (on?.stdout.toString('utf8').trim() !== 'true') return 'none';
    }
    // a shallow clone does not satisfy a run that asks for the whole history
    if (s.clone.depth === undefined && (await isFile(join(folder, '.git', 'shallow')))) return 'none';
    const suspect = s.recheckVerifiedSince !== null && (previous.finishedAt ?? '') >= s.recheckVerifiedSince;
    return s.verifyExisting || suspect ? 'audit' : 'trusted';
  };

  const clone = async (
    repoId: string,
    manifest: RepoManifest,
    files: readonly RepoFile[],
    bytes: number,
    sparse: SparseSelection,
    audit: boolean,
  ): Promise<void> => {
    const { commit } = manifest;
    const entry: FileInFlight = { repoId, path: '(git clone)', bytes: 0, size: bytes };
    s.ledger.startRepo(repoId, { commit, method: 'git' });
    s.ledger.planFiles(
      repoId,
      commit,
      files.map((f) => ({ path: f.path, size: f.size, digest: f.lfs?.sha256 ?? f.blobId })),
    );
    const counts = { filesTotal: files.length, bytesTotal: bytes };
    s.ledger.setRepoState(repoId, { state: 'downloading', ...counts, filesVerified: 0, bytesVerified: 0 });
    s.emit({ type: 'repo-state', repoId, state: 'downloading', commit, files: files.length, bytes });
    tally.meter.filesTotal += files.length;
    tally.meter.bytesTotal += bytes;
    tally.meter.inFlight.add(entry);
    const stageDir = join(stagingFolder(s.dataDir, repoId), 'git');
    const progress = new CloneProgress(join(stageDir, 'clone'), entry, tally.meter, s.progressIntervalMillis);
    try {
      const outcome = await cloneRepo({
        ...s.clone,
        session,
        repoId,
        commit,
        files: manifest.files,
        sparse,
        audit,
        reposRoot: root,
        folderSegments: repoFolderSegments(repoId),
        stageDir,
        signal: controller.signal,
        onPhase: (phase) => {
          entry.path = `(git ${phase})`;
        },
      });
      s.ledger.fileOutcomes(files.map((f) => ({ repoId, path: f.path, state: 'verified', bytes: f.size })));
      s.ledger.setRepoState(repoId, {
        state: 'verified',
        ...counts,
        filesVerified: files.length,
        bytesVerified: bytes,
        diskBytes: outcome.diskBytes,
      });
      tally.fetched(files.length, bytes, outcome.resumed, progress.stop());
      tally.verified(repoId, commit, files.length, bytes, outcome.diskBytes);
      // partial bytes of an earlier HTTP run of this repo, if any, are of no use now
      await removeStaging(repoId);
    } catch (caught) {
      tally.meter.bytesDone -= progress.stop();
      if (controller.signal.aborted) return;
      const error =
        caught instanceof GitAuthRequiredError ? await explainAuthFailure(s.client, repoId, caught) : caught;
      const action = classifyError(error);
      if (action.action === 'stop-run') return stopRun(action.error);
      // a failed clone keeps its staging folder for the next run; the Hub refused a skipped one
      if (action.action === 'skip-repo') await removeStaging(repoId);
      tally.ended(repoId, action.action === 'skip-repo' ? 'skipped' : 'failed', action.reason, action.detail);
    } finally {
      progress.stop();
      tally.meter.inFlight.delete(entry);
    }
  };

  const running = new Set<Promise<void>>();
  const admit = async (item: DownloadItem, resolution: Resolution): Promise<void> => {
    const { repoId } = item;
    if (resolution.kind === 'over-budget' || s.budget.exhausted) {
      return tally.ended(repoId, 'skipped', 'over_budget', 'after the --max-bytes budget ran out');
    }
    if (resolution.kind === 'error') {
      const action = classifyError(resolution.error);
      if (action.action === 'stop-run') return stopRun(action.error);
      const state = action.action === 'skip-repo' ? 'skipped' : 'failed';
      return tally.ended(repoId, state, action.reason, action.detail);
    }
    if (resolution.kind === 'disabled') {
      if (!s.dryRun && resolution.mainSha !== null) s.ledger.recordMain(repoId, resolution.mainSha);
      return tally.ended(repoId, 'skipped', 'disabled', 'model info says the repo is disabled');
    }
    const { manifest } = resolution;
    if (!s.dryRun && manifest.mainSha !== null) s.ledger.recordMain(repoId, manifest.mainSha);
    let folder: string;
    try {
      folder = join(root, ...repoFolderSegments(repoId));
      for (const f of manifest.files) safePathSegments(f.path, repoId);
    } catch (error) {
      const detail = error instanceof HfTorrentError ? error.message : String(error);
      return tally.ended(repoId, 'failed', 'unsafe_path', detail);
    }
    const filter = s.filter;
    const wanted = filter === null ? manifest.files : manifest.files.filter((f) => filter(f.path));
    if (manifest.files.length > 0 && wanted.length === 0) {
      return tally.ended(repoId, 'skipped', FILTERED_OUT.reason, FILTERED_OUT.detail);
    }
    // every file selected is a plain checkout, not a sparse one
    const sparse = wanted.length === manifest.files.length ? null : wanted.map((f) => f.path);
    const bytes = wanted.reduce((sum, f) => sum + f.size, 0);
    if (!s.budget.admit(bytes)) {
      const detail = `${bytes} bytes do not fit in what is left of --max-bytes`;
      return tally.ended(repoId, 'skipped', 'over_budget', detail);
    }
    const previous = s.ledger.getRepo(repoId);
    const before = await earlier(previous, manifest.commit, folder, sparse);
    const files = wanted.length;
    if (s.dryRun) {
      const fetch = before === 'trusted' ? 0 : 1;
      const plan = { filesToFetch: files * fetch, bytesToFetch: bytes * fetch };
      return tally.planned({ repoId, commit: manifest.commit, files, bytes, ...plan });
    }
    if (before === 'trusted') {
      return tally.verified(repoId, manifest.commit, files, bytes, previous?.diskBytes ?? 0);
    }
    const task = clone(repoId, manifest, wanted, bytes, sparse, before === 'audit')
      .catch(stopRun)
      .finally(() => running.delete(task));
    running.add(task);
  };

  s.emit({
    type: 'run-start',
    method: 'git',
    repos: reposTotal,
    dryRun: s.dryRun,
    concurrency: s.concurrency,
  });
  const timer = setInterval(() => tally.progress(), s.progressIntervalMillis);
  timer.unref();
  try {
    if (!s.dryRun) await checkGitInstalled(session);
    for await (const { item, resolution } of resolveAhead(items, s.prefetch, resolve)) {
      while (running.size >= s.concurrency && !controller.signal.aborted) await Promise.race(running);
      if (controller.signal.aborted) break;
      await admit(item, resolution).catch(stopRun);
    }
    tally.meter.totalsFinal = true;
    while (running.size > 0) await Promise.race(running);
  } finally {
    clearInterval(timer);
    s.signal?.removeEventListener('abort', onExternalAbort);
    await session.close();
  }
  if (fatal !== null) throw fatal;
  tally.progress();
  tally.summary.elapsedMillis = tally.meter.snapshot().elapsedMillis;
  s.emit({ type: 'run-end', summary: tally.summary });
  return tally.summary;
}

async function isFile(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => null))?.isFile() ?? false;
}
