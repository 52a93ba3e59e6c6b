/**
 * How big each case is: `quick` (the default, a few minutes on a 2-core machine), `full` (Hub scale: a
 * 3M-model listing, GB-sized repos) and `smoke` (CI: the harness itself, in seconds). Sizes only: every mode
 * runs the same code.
 */
import type { SizeProfile } from '../src/emulator/index.js';

export type BenchMode = 'quick' | 'full' | 'smoke';
export type CaseName = 'crawl' | 'select' | 'research' | 'download' | 'resume' | 'git' | 'report';
export const CASE_NAMES: readonly CaseName[] = [
  'crawl',
  'select',
  'research',
  'download',
  'resume',
  'git',
  'report',
];

export interface RepoSetPlan {
  name: string;
  title: string;
  /** Repos in the set: the top `repos` of an emulator whose profile gives them all the set's sizes. */
  repos: number;
  profile: SizeProfile;
}

export interface BenchPlan {
  mode: BenchMode;
  seed: string;
  crawl: { models: number; pageSize: number; timeoutMillis: number };
  select: { shrinkage: number; timeoutMillis: number };
  research: { timeoutMillis: number };
  download: {
    sets: RepoSetPlan[];
    /** Runs of each side per set; the median run is reported. */
    reps: number;
    /** Parallel transfers of the curl limit (ours runs its default, 8 files in flight). */
    curlParallel: number;
    timeoutMillis: number;
  };
  /** Each set is downloaded with `kills` SIGKILLs, then to the end. */
  resume: { sets: string[]; kills: number; timeoutMillis: number };
  /** Sets downloaded with --method git (deduped and not) and with HTTP. */
  git: { sets: string[]; timeoutMillis: number };
  /** `hftorrent report` over the crawl case's catalog. */
  report: { timeoutMillis: number };
}

const KiB = 1024;
const MiB = 1024 * KiB;
const MINUTE = 60_000;

/** A profile whose unused spans are harmless minimums; `shape` decides which spans matter. */
function profile(
  name: string,
  shape: SizeProfile['shape'],
  repos: number,
  spans: Partial<SizeProfile>,
): SizeProfile {
  return {
    name,
    shape,
    headRepos: repos,
    weightBytes: [4 * KiB, 64 * KiB],
    weightShards: [1, 1],
    readmeBytes: [256, 2 * KiB],
    smallFiles: [20, 40],
    smallFileBytes: [1 * KiB, 4 * KiB],
    largeFiles: [1, 1],
    largeFileBytes: [1 * MiB, 2 * MiB],
    ...spans,
  };
}

function set(
  name: string,
  title: string,
  repos: number,
  shape: SizeProfile['shape'],
  spans: Partial<SizeProfile>,
): RepoSetPlan {
  return { name, title, repos, profile: profile(`bench-${name}`, shape, repos, spans) };
}

export function makePlan(mode: BenchMode, seed: string): BenchPlan {
  if (mode === 'smoke') {
    return {
      mode,
      seed,
      crawl: { models: 3000, pageSize: 1000, timeoutMillis: 2 * MINUTE },
      select: { shrinkage: 0.1, timeoutMillis: 1 * MINUTE },
      research: { timeoutMillis: 2 * MINUTE },
      download: {
        sets: [
          set('many-small', 'many small files', 2, 'many-small', {
            smallFiles: [20, 30],
            smallFileBytes: [1 * KiB, 2 * KiB],
          }),
        ],
        reps: 1,
        curlParallel: 8,
        timeoutMillis: 2 * MINUTE,
      },
      resume: { sets: ['many-small'], kills: 1, timeoutMillis: 2 * MINUTE },
      git: { sets: ['many-small'], timeoutMillis: 2 * MINUTE },
      report: { timeoutMillis: 2 * MINUTE },
    };
  }
  const full = mode === 'full';
  return {
    mode,
    seed,
    crawl: { models: full ? 3_000_000 : 100_000, pageSize: 1000, timeoutMillis: (full ? 180 : 10) * MINUTE },
    select: { shrinkage: 0.1, timeoutMillis: (full ? 10 : 2) * MINUTE },
    research: { timeoutMillis: (full ? 180 : 10) * MINUTE },
    download: {
      sets: [
        set(
          'many-small',
          'many small files (hundreds of files of a few KiB per repo)',
          full ? 24 : 6,
          'many-small',
          {
            smallFiles: [200, 500],
            smallFileBytes: [2 * KiB, 16 * KiB],
          },
        ),
        set('few-large', 'few large files (LFS, 100+ MiB each)', full ? 6 : 2, 'few-large', {
          largeFiles: full ? [1, 3] : [1, 2],
          largeFileBytes: full ? [100 * MiB, 400 * MiB] : [100 * MiB, 200 * MiB],
        }),
        set(
          'mix',
          'realistic mix (configs, tokenizers, weights; some many-small, some few-large)',
          full ? 32 : 10,
          'mix',
          {
            weightBytes: full ? [8 * MiB, 128 * MiB] : [1 * MiB, 24 * MiB],
            weightShards: [1, 3],
            readmeBytes: [1 * KiB, 8 * KiB],
            smallFiles: [100, 300],
            smallFileBytes: [1 * KiB, 16 * KiB],
            largeFiles: [1, 2],
            largeFileBytes: full ? [100 * MiB, 300 * MiB] : [24 * MiB, 64 * MiB],
          },
        ),
      ],
      reps: 3,
      curlParallel: 8,
      timeoutMillis: (full ? 60 : 10) * MINUTE,
    },
    resume: { sets: ['few-large', 'mix'], kills: full ? 6 : 3, timeoutMillis: (full ? 60 : 10) * MINUTE },
    git: { sets: ['many-small', 'few-large', 'mix'], timeoutMillis: (full ? 60 : 10) * MINUTE },
    report: { timeoutMillis: (full ? 10 : 2) * MINUTE },
  };
}
