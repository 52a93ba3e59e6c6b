/**
 * One synthetic model's metadata, generated from (seed, index) alone. File lists and commits live in
 * repo-layout.ts and repo-commits.ts; this module only decides who the model is.
 */
import type { ResearchFacts } from './research-facts.js';
import type { Family, WeightFormat } from './vocabulary.js';
import type { RepoShape } from './size-profiles.js';
import type { SpecialKind } from './specials.js';

export type Gated = false | 'auto' | 'manual';

export interface BaseModelRef {
  relation: 'finetune' | 'quantized' | 'adapter' | 'merge';
  id: string;
  mongoId: string;
}

/** A model of the synthetic Hub. Immutable; regenerate it with `hub.at(index)` or `hub.get(id)`. */
export interface HubModel {
  /** Generation index: the rank in downloads order for listed models; `listed + k` for private ones. */
  readonly index: number;
  /** Canonical repo id. */
  readonly id: string;
  /** Namespace; null for legacy single-segment ids (the listing then omits `author`). */
  readonly author: string | null;
  /** The Hub's Mongo `_id`: 24 hex, the first 4 bytes are `createdAt` in seconds. */
  readonly mongoId: string;
  /** False only for the unlisted private repos. */
  readonly listed: boolean;
  readonly private: boolean;
  readonly gated: Gated;
  readonly disabled: boolean;
  /** Listed, but gone: model info, tree and resolve answer as for a missing repo. */
  readonly deleted: boolean;
  readonly special: SpecialKind | null;
  /** Other ids that answer 307 to `id` (legacy names). */
  readonly aliases: readonly string[];
  readonly downloads: number;
  readonly downloadsAllTime: number;
  readonly likes: number;
  readonly trendingScore: number;
  /** ISO-8601 with milliseconds. `2022-03-02T23:29:04.000Z` for repos created before the Hub tracked it. */
  readonly createdAt: string;
  readonly pipelineTag: string | null;
  readonly libraryName: string | null;
  readonly tags: readonly string[];
  readonly family: Family;
  readonly format: WeightFormat;
  readonly shape: RepoShape;
  /** True when this repo gets the profile's sizes; false for the cheap tail. */
  readonly head: boolean;
  readonly license: string;
  readonly languages: readonly string[];
  readonly datasets: readonly string[];
  /** The first (or only) base model; merges have a second one in `baseModels`. */
  readonly baseModel: BaseModelRef | null;
  /** Every base model, in card order (empty for base models themselves). */
  readonly baseModels: readonly BaseModelRef[];
  /** Parameters, GGUF facts, `other` license details, shared papers (research-facts.ts). */
  readonly facts: ResearchFacts;
  /** Whether the README has YAML front matter (then `cardData` is set). */
  readonly hasCard: boolean;
  /** Commit times in unix seconds, oldest first: `initial commit`, the upload, and for `moved` an update. */
  readonly commitTimes: readonly number[];
  /** How many commits the listing saw (`commitTimes.length` except for `moved`, which gets one more later). */
  readonly listedCommits: number;
}
