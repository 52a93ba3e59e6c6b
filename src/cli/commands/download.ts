import { givenEndpoint, proxyEnvironment, type NetworkConfig } from '../../config.js';
import { Option, type Command } from 'commander';
import { download, downloadExitStatus } from '../../download/index.js';
import { catalogEndpoint } from '../../catalog/index.js';
import { UsageError } from '../../errors.js';
import { commandContext } from '../context.js';
import { checkDemoHub } from '../demo-hub.js';
import { hubClientFor } from '../hub-client-for.js';
import type { CliIo } from '../io.js';
import { downloadProgress, downloadSummaryText } from '../render/download-progress.js';
import { boundedInt, collect, MAX_CONCURRENCY, positiveInt, shard, size } from './options.js';
import type { DownloadOptions, Shard } from '../../download/index.js';
import { fetchHistory, historyRequestEstimate } from '../../history/index.js';
import {
  addLayoutFlags,
  addSingleRepoFlags,
  layoutOptionsFrom,
  singleRepoOptionsFrom,
  type LayoutFlags,
  type SingleRepoFlags,
} from './hf-flags.js';
import { runWorker, workerIndex } from './download-worker.js';

export interface DownloadFlags extends LayoutFlags {
  concurrency?: number;
  include?: string[];
  exclude?: string[];
  dryRun?: boolean;
  maxBytes?: number;
  shard?: Shard;
  method?: 'http' | 'git';
  /** False with `--no-dedupe` (commander defaults it to true). */
  dedupe?: boolean;
  depth?: number;
  fsync?: boolean;
  verify?: boolean;
  retrySkipped?: boolean;
  connections?: number;
  segmentThreshold?: number;
  /** False with `--no-segments`. */
  segments?: boolean;
}

/** The download flags `download` and `run` share. */
export function addDownloadFlags(cmd: Command): Command {
  return addLayoutFlags(cmd)
    .option(
      '--concurrency <n>',
      `files in flight at once, across repos; with --method git, repos cloned at once (default: 8, at most ${MAX_CONCURRENCY})`,
      boundedInt('--concurrency', MAX_CONCURRENCY),
    )
    .option(
      '--connections <n>',
      `connections at once across files: large files take several for their parts (default: 16, at most ${MAX_CONCURRENCY})`,
      boundedInt('--connections', MAX_CONCURRENCY),
    )
    .option(
      '--segment-threshold <size>',
      'files from this size go in parts over several connections (default: 64MiB)',
      size('--segment-threshold'),
    )
    .option('--no-segments', 'every file over one connection')
    .option('--include <glob>', 'only files matching this glob (repeatable)', collect)
    .option('--exclude <glob>', 'leave out files matching this glob (repeatable)', collect)
    .option('--dry-run', 'print the repos, files and bytes a run would fetch, and fetch nothing')
    .option('--max-bytes <size>', 'budget in rank order, e.g. 500GB or 2TiB', size('--max-bytes'))
    .option('--shard <i/n>', 'only every n-th repo of the selection, starting at the i-th (1-based)', shard)
    .addOption(
      new Option(
        '--method <method>',
        'http: verified files (default); git: clones with history and LFS',
      ).choices(['http', 'git']),
    )
    .option(
      '--no-dedupe',
      'git: keep LFS files and their .git/lfs objects as two copies (default: hard links)',
    )
    .option('--depth <n>', 'git: shallow clones with n commits of history', positiveInt('--depth'))
    .option('--fsync', 'flush each file to disk before it takes its final name (survives power loss; slower)')
    .option('--verify', 're-hash every file already downloaded before trusting it (an audit of the data dir)')
    .option(
      '--retry-skipped',
      'ask the Hub again about repos it refused before (default: only with another token)',
    );
}

/** The download options `download` and `run` build from the same flags. */
export function downloadOptionsFrom(
  opts: DownloadFlags,
  ctx: { config: { token?: string; network?: NetworkConfig }; io: CliIo },
): Omit<DownloadOptions, 'dataDir' | 'client'> {
  return {
    concurrency: opts.concurrency,
    connections: opts.connections,
    segmentThresholdBytes: opts.segmentThreshold,
    segments: opts.segments === false ? false : undefined,
    include: opts.include,
    exclude: opts.exclude,
    dryRun: opts.dryRun,
    maxBytes: opts.maxBytes,
    shard: opts.shard,
    fsync: opts.fsync,
    verifyExisting: opts.verify,
    retrySkipped: opts.retrySkipped,
    ...gitModeOptions(opts, ctx),
    ...layoutOptionsFrom(opts, ctx.io),
  };
}

/** The git-mode options of `download` and `run` (the token and environment reach git by env only). */
export function gitModeOptions(
  opts: DownloadFlags,
  ctx: { config: { token?: string; network?: NetworkConfig }; io: CliIo },
): Pick<DownloadOptions, 'method' | 'dedupe' | 'depth' | 'token' | 'environment'> {
  return {
    method: opts.method,
    // only an explicit --no-dedupe is passed on, so that it is refused without --method git
    dedupe: opts.dedupe === false ? false : undefined,
    depth: opts.depth,
    token: opts.method === 'git' ? ctx.config.token : undefined,
    // git goes through the proxy the hub client uses, whatever case the variables were given in
    environment: { ...ctx.io.env, ...proxyEnvironment(ctx.config.network?.proxy ?? null) },
  };
}

/** The hub client's sockets per origin: enough for every file in flight and every part of large ones. */
export function clientConnections(opts: DownloadFlags): number | undefined {
  if (opts.concurrency === undefined && opts.connections === undefined) return undefined;
  return Math.max(opts.concurrency ?? 0, opts.connections ?? 16);
}

type DownloadCommandFlags = DownloadFlags & SingleRepoFlags & { urls?: string; history?: boolean };

export function registerDownload(program: Command, io: CliIo): void {
  addDownloadFlags(
    addSingleRepoFlags(
      program
        .command('download')
        .description(
          'fetch the selected repos (or one repo), pinned to a commit, every file verified, resumable',
        ),
    ),
  )
    .option(
      '--history',
      "also record each verified repo's commits and refs (API calls over HTTP; free from a git clone)",
    )
    .option(
      '--urls <file>',
      'download the repos of a split_urls file (one <endpoint>/<id>[@commit] a line), no catalog needed',
    )
    .option(
      '--worker <i>',
      'run worker I of the cluster plan (`hftorrent plan`), its own ledger',
      workerIndex,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  hftorrent download openai-community/gpt2 config.json --revision main\n' +
        '  hftorrent download org/corpus --repo-type dataset --layout hf-cache\n' +
        '  hftorrent download --concurrency 16\n  hftorrent download --dry-run --exclude "*.bin" --max-bytes 50GB\n' +
        '  hftorrent download --method git --depth 1\n  hftorrent download --shard 3/8\n  hftorrent download --urls data/huggingface/split_urls/split_url_0.txt' +
        '\n  hftorrent download --worker 3',
    )
    .action(async (repo: string | undefined, files: string[], opts: DownloadCommandFlags, cmd: Command) => {
      const ctx = commandContext(cmd, io);
      const worker = (opts as { worker?: number }).worker;
      if (worker !== undefined) {
        if (repo !== undefined) throw new UsageError("--worker runs the plan's list: name no repo with it");
        return runWorker({ ...opts, worker }, ctx);
      }
      const single = singleRepoOptionsFrom(repo, files, opts);
      const endpoint =
        opts.urls === undefined && single.repos === undefined
          ? catalogEndpoint(ctx.config.dataDir, givenEndpoint(ctx.config))
          : ctx.config.endpoint;
      if (opts.urls === undefined) await checkDemoHub(ctx.config.dataDir, endpoint);
      const client = hubClientFor(ctx, { endpoint, connections: clientConnections(opts) });
      try {
        const summary = await download({
          dataDir: ctx.config.dataDir,
          client,
          endpoint,
          ...downloadOptionsFrom(opts, ctx),
          urlsFile: opts.urls,
          ...single,
          signal: ctx.signal,
          onEvent: downloadProgress(ctx.report),
        });
        if (opts.history !== true) {
          ctx.report.result(summary, () => downloadSummaryText(summary));
          io.exitCode = downloadExitStatus(summary);
          return;
        }
        if (summary.dryRun) {
          // The history's cost, before anything is asked: at least a refs call and one commits page per repo.
          const repos = summary.repos.total - summary.repos.skipped;
          const history = {
            repos,
            minimumApiRequests: opts.method === 'git' ? 0 : historyRequestEstimate(repos),
          };
          ctx.report.result({ ...summary, history }, () =>
            [
              downloadSummaryText(summary),
              `--history: ${history.minimumApiRequests} API requests at least for ${repos} repos ` +
                (opts.method === 'git'
                  ? '(read from the clones: none)'
                  : '(refs + one commits page of 100 each)'),
            ].join('\n'),
          );
          return;
        }
        const history = await fetchHistory({ dataDir: ctx.config.dataDir, client, signal: ctx.signal });
        for (const f of history.failed) ctx.report.failure(`${f.repoId}: history failed (${f.error})`);
        ctx.report.result({ ...summary, history }, () =>
          [
            downloadSummaryText(summary),
            `history: ${history.repos} repos, ${history.commits} commits, ${history.refs} refs, ` +
              `${history.requests} API requests` +
              (history.failed.length > 0
                ? `; failed: ${history.failed.map((f) => `${f.repoId} (${f.error})`).join(', ')}`
                : ''),
          ].join('\n'),
        );
        io.exitCode = history.failed.length > 0 ? 1 : downloadExitStatus(summary);
      } finally {
        await client.close();
      }
    });
}
