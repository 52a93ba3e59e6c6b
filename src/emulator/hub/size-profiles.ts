/**
 * How big the synthetic repos are. Only the top-ranked `headRepos` get the profile's sizes; every repo ranked
 * below keeps the tiny tail sizes, so that listing millions of models (each with a real commit sha computed
 * from its content) stays cheap.
 */

/** What a repo's files look like. */
export type RepoShape =
  /** config, tokenizer, card and one or a few weight files (the common case on the Hub) */
  | 'realistic'
  /** hundreds of small regular files (datasets-like repos, many shards, tokenizer zoos) */
  | 'many-small'
  /** a couple of very large LFS files */
  | 'few-large';

export type SizeProfileName = 'tiny' | 'small' | 'large';

/** An inclusive byte or count range `[min, max]`; values are drawn log-uniformly. */
export type Span = readonly [number, number];

export interface SizeProfile {
  name: string;
  /** Shape of head repos: one shape for all, or `mix` (half realistic, a quarter each of the others). */
  shape: RepoShape | 'mix';
  /** Number of top-ranked repos that get these sizes; the rest get tail sizes. */
  headRepos: number;
  /** realistic: bytes per weight (LFS) file. */
  weightBytes: Span;
  /** realistic: how many weight shards. */
  weightShards: Span;
  /** Extra README body bytes beyond the card. */
  readmeBytes: Span;
  /** many-small: files per repo. */
  smallFiles: Span;
  /** many-small: bytes per file (regular, not LFS). */
  smallFileBytes: Span;
  /** few-large: LFS files per repo. */
  largeFiles: Span;
  /** few-large: bytes per LFS file. */
  largeFileBytes: Span;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** Sizes of every repo ranked below `headRepos`, whatever the profile. */
export const TAIL_PROFILE: SizeProfile = {
  name: 'tail',
  shape: 'realistic',
  headRepos: 0,
  weightBytes: [128, 2 * KiB],
  weightShards: [1, 1],
  readmeBytes: [0, 256],
  smallFiles: [4, 8],
  smallFileBytes: [16, 256],
  largeFiles: [1, 1],
  largeFileBytes: [128, 2 * KiB],
};

export const SIZE_PROFILES: Readonly<Record<SizeProfileName, SizeProfile>> = {
  /** Tests: every file a few KiB at most, repos quick to download. */
  tiny: {
    name: 'tiny',
    shape: 'realistic',
    headRepos: 1000,
    weightBytes: [4 * KiB, 64 * KiB],
    weightShards: [1, 2],
    readmeBytes: [0, 1 * KiB],
    smallFiles: [20, 40],
    smallFileBytes: [64, 2 * KiB],
    largeFiles: [1, 2],
    largeFileBytes: [64 * KiB, 256 * KiB],
  },
  /** The offline demo: repos of a few MiB. */
  small: {
    name: 'small',
    shape: 'realistic',
    headRepos: 500,
    weightBytes: [64 * KiB, 1 * MiB],
    weightShards: [1, 3],
    readmeBytes: [256, 4 * KiB],
    smallFiles: [50, 150],
    smallFileBytes: [1 * KiB, 8 * KiB],
    largeFiles: [1, 2],
    largeFileBytes: [1 * MiB, 4 * MiB],
  },
  /** Benchmarks: hundreds of MiB per large file, hundreds of small files per many-small repo. */
  large: {
    name: 'large',
    shape: 'mix',
    headRepos: 32,
    weightBytes: [8 * MiB, 128 * MiB],
    weightShards: [1, 4],
    readmeBytes: [1 * KiB, 8 * KiB],
    smallFiles: [200, 500],
    smallFileBytes: [2 * KiB, 16 * KiB],
    largeFiles: [1, 3],
    largeFileBytes: [100 * MiB, 400 * MiB],
  },
};

export function resolveSizeProfile(sizes: SizeProfileName | SizeProfile | undefined): SizeProfile {
  if (sizes === undefined) return SIZE_PROFILES.tiny;
  if (typeof sizes === 'string') {
    const profile = SIZE_PROFILES[sizes];
    if (profile === undefined) throw new RangeError(`unknown size profile ${JSON.stringify(sizes)}`);
    return profile;
  }
  return sizes;
}
