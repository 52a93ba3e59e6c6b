/**
 * The flags that make `download` (and `run`) read like the official tools: where files go (`--layout`,
 * `--cache-dir`, `--local-dir`), `--max-workers` as another name for `--concurrency`, and single repos
 * (`download ORG/NAME [FILE...] --revision REV --repo-type dataset`).
 */
import { homedir } from 'node:os';
import { Option, type Command } from 'commander';
import { resolveHfCacheDir } from '../../config.js';
import { InvalidRepoIdError, UsageError } from '../../errors.js';
import type { DownloadOptions, RepoRequest } from '../../download/index.js';
import { LAYOUT_NAMES, repoKeySegments, type LayoutName } from '../../download/index.js';
import { REPO_TYPES, repoKey, type RepoType } from '../../repo-key.js';
import type { CliIo } from '../io.js';
import { boundedInt, MAX_CONCURRENCY } from './options.js';

export interface LayoutFlags {
  layout?: LayoutName;
  cacheDir?: string;
  maxWorkers?: number;
  concurrency?: number;
}

export interface SingleRepoFlags {
  revision?: string;
  repoType?: RepoType;
  localDir?: string;
}

/** `--layout`, `--cache-dir`, `--max-workers` (download and run). */
export function addLayoutFlags(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--layout <layout>',
        'dataset: repos/AUTHOR/MODEL/<path> (default); hf-cache: the Hugging Face cache, read offline by its tools',
      ).choices(LAYOUT_NAMES),
    )
    .option(
      '--cache-dir <dir>',
      'the Hugging Face cache of --layout hf-cache (default: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub)',
    )
    .option(
      '--max-workers <n>',
      'the official tools’ name for --concurrency',
      boundedInt('--max-workers', MAX_CONCURRENCY),
    )
    .hook('preAction', (_program, action) => {
      const opts = action.opts<LayoutFlags>();
      if (opts.maxWorkers === undefined) return;
      if (opts.concurrency !== undefined && opts.concurrency !== opts.maxWorkers) {
        throw new UsageError('--max-workers and --concurrency are one setting: give one of them');
      }
      action.setOptionValue('concurrency', opts.maxWorkers);
    });
}

/** The layout options for `download()` (the cache folder resolved as huggingface_hub resolves it). */
export function layoutOptionsFrom(
  opts: LayoutFlags,
  io: Pick<CliIo, 'env'>,
): Pick<DownloadOptions, 'layout' | 'cacheDir'> {
  if (opts.layout !== 'hf-cache') {
    if (opts.cacheDir !== undefined) throw new UsageError('--cache-dir goes with --layout hf-cache');
    return { layout: opts.layout };
  }
  return { layout: 'hf-cache', cacheDir: resolveHfCacheDir(opts.cacheDir, io.env, homedir()) };
}

/** `download [REPO] [FILE...]` and the flags only a single repo takes. */
export function addSingleRepoFlags(cmd: Command): Command {
  return cmd
    .argument('[repo]', 'a single repo (ORG/NAME), like `hf download`: no crawl or selection needed')
    .argument('[files...]', 'only these files of the repo (exact paths)')
    .option('--revision <rev>', 'with a repo: the branch, tag or commit to download (default: main)')
    .addOption(
      new Option('--repo-type <type>', 'with a repo: model (default), dataset or space').choices(REPO_TYPES),
    )
    .option('--local-dir <dir>', 'with a repo: its files as plain files under this folder');
}

/** The single-repo options for `download()`, or none when no repo was named. */
export function singleRepoOptionsFrom(
  repo: string | undefined,
  files: readonly string[],
  opts: SingleRepoFlags & LayoutFlags & { urls?: string },
): Pick<DownloadOptions, 'repos' | 'files' | 'localDir'> {
  if (repo === undefined) {
    for (const [flag, value] of [
      ['--revision', opts.revision],
      ['--repo-type', opts.repoType],
      ['--local-dir', opts.localDir],
    ] as const) {
      if (value !== undefined)
        throw new UsageError(`${flag} goes with a repo: download ORG/NAME ${flag} ...`);
    }
    return {};
  }
  if (opts.urls !== undefined) throw new UsageError('a repo or --urls FILE, not both');
  if (opts.localDir !== undefined && opts.layout !== undefined) {
    throw new UsageError('--local-dir is a layout of its own: leave out --layout');
  }
  const request: RepoRequest = { repoKey: repoKey(opts.repoType ?? 'model', repo) };
  try {
    repoKeySegments(request.repoKey);
  } catch (error) {
    // a repo id typed on the command line is an argument: its error is a usage error
    throw error instanceof InvalidRepoIdError ? new UsageError(error.message) : error;
  }
  if (opts.revision !== undefined) request.revision = opts.revision;
  return {
    repos: [request],
    ...(files.length > 0 ? { files: [...files] } : {}),
    ...(opts.localDir !== undefined ? { localDir: opts.localDir } : {}),
  };
}
