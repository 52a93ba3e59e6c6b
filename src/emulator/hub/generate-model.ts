/**
 * Generates a model's metadata from (seed, index). Pure and cheap (a few microseconds): the listing calls it
 * for every item it serves.
 */
import type { BaseModelRef, Gated, HubModel } from './hub-model.js';
import type { HubContext } from './hub-context.js';
import { encodeIndex } from './index-code.js';
import { downloadsAllTimeAt, downloadsAt, likesAt, trendingScoreAt } from './popularity.js';
import { Rng, hash32 } from './random.js';
import { authorName, drawNameParts, spellName, type NameParts } from './repo-names.js';
import type { RepoShape } from './size-profiles.js';
import { lineageTags, researchFacts } from './research-facts.js';
import { PRIVATE_OWNER, type SpecialKind } from './specials.js';
import { DATASETS, EXTRA_TAGS, LANGUAGES, LICENSES, type WeightFormat } from './vocabulary.js';

const SALT_MODEL = 0x6d6f646c;
const SALT_AUTHOR_PICK = 0x61706b31;
const SALT_SHAPE = 0x73686170;

/** Repos created before the Hub stored creation dates all report this instant. */
export const CREATED_AT_FLOOR = Date.UTC(2022, 2, 2, 23, 29, 4) / 1000;
/** The synthetic Hub's "now": nothing is dated later (fixed so that output never depends on the clock). */
export const HUB_NOW = Date.UTC(2026, 6, 31) / 1000;
const FIRST_CREATED = Date.UTC(2022, 2, 3) / 1000;
const DAY = 86_400;

interface Identity {
  id: string;
  author: string | null;
  parts: NameParts;
  rng: Rng;
}

/** The id and name parts of a model (what decoding needs; cheaper than the whole model). */
export function modelIdentity(ctx: HubContext, index: number): Identity {
  const seed = ctx.seed.words[0];
  const rng = new Rng(hash32(SALT_MODEL ^ seed, index));
  const parts = drawNameParts(rng);
  const code = encodeIndex(index, ctx.seed.words);
  const name = spellName(rng, parts, code);
  const special = ctx.specials.get(index);
  if (special === 'legacy') return { id: name, author: null, parts, rng };
  const author =
    special === 'private'
      ? PRIVATE_OWNER
      : authorName(
          seed,
          Math.floor(ctx.authorPool * Math.pow(new Rng(hash32(SALT_AUTHOR_PICK ^ seed, index)).float(), 2.5)),
        );
  return { id: `${author}/${name}`, author, parts, rng };
}

/** Creation second; drawn right after the identity so that `pickBaseModel` can replay it cheaply. */
function drawCreated(rng: Rng): number {
  return rng.chance(0.12) ? CREATED_AT_FLOOR : FIRST_CREATED + rng.int(HUB_NOW - 120 * DAY - FIRST_CREATED);
}

export function isoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString();
}

function mongoId(ctx: HubContext, index: number, createdSeconds: number): string {
  const random = hash32(0x6f696430 ^ ctx.seed.words[1], 0)
    .toString(16)
    .padStart(8, '0');
  const extra = (ctx.seed.words[2] & 0xff).toString(16).padStart(2, '0');
  return (
    createdSeconds.toString(16).padStart(8, '0') +
    random +
    extra +
    (index & 0xffffff).toString(16).padStart(6, '0')
  );
}

function shapeFor(ctx: HubContext, index: number, special: SpecialKind | null): RepoShape {
  if (special !== null || index >= ctx.profile.headRepos) return 'realistic';
  if (ctx.profile.shape !== 'mix') return ctx.profile.shape;
  const u = hash32(SALT_SHAPE ^ ctx.seed.words[3], index) % 4;
  return u < 2 ? 'realistic' : u === 2 ? 'many-small' : 'few-large';
}

function gatedFor(special: SpecialKind | null, rng: Rng, index: number): Gated {
  if (special === 'gatedAuto') return 'auto';
  if (special === 'gatedManual') return 'manual';
  // A sprinkle of gated repos in the tail too (never among the first ranks, which the specials own).
  if (special === null && index > 40 && rng.chance(0.01)) return rng.chance(0.5) ? 'auto' : 'manual';
  return false;
}

export function generateModel(ctx: HubContext, index: number): HubModel {
  if (!Number.isInteger(index) || index < 0 || index >= ctx.total) {
    throw new RangeError(`no model at index ${index} (hub has ${ctx.total})`);
  }
  const { id, author, parts, rng } = modelIdentity(ctx, index);
  const special = ctx.specials.get(index) ?? null;
  const seed = ctx.seed.words[0];
  const created = drawCreated(rng);
  const listed = special !== 'private';
  const downloads = listed ? downloadsAt(index, ctx.listed) : rng.range(0, 50);
  const likes = likesAt(seed, index, downloads);
  const family = parts.family;

  // Dates: some repos predate creation tracking; the upload follows creation; `moved` gets a later update.
  const uploaded = created + 60 + Math.floor(Math.pow(rng.float(), 2) * (HUB_NOW - 60 * DAY - created));
  const commitTimes = [created, uploaded];
  if (special === 'moved') commitTimes.push(uploaded + DAY + rng.int(30 * DAY));

  const format: WeightFormat = special === 'oddNames' ? 'safetensors' : rng.pick(family.formats);
  const license = rng.pick(LICENSES);
  const languages =
    family.languages.length > 1
      ? rng.sample(family.languages, rng.range(1, 2))
      : rng.chance(0.15)
        ? [rng.pick(LANGUAGES)]
        : [...family.languages];
  const datasets = rng.chance(0.5) ? rng.sample(DATASETS, rng.range(1, 2)) : [];
  const baseModel = pickBaseModel(ctx, index, parts, format, rng);
  const baseModels = baseModel === null ? [] : withMergeBase(ctx, index, baseModel);
  const arxiv = rng.chance(0.2)
    ? `arxiv:${2000 + rng.int(600)}.${String(rng.int(99999)).padStart(5, '0')}`
    : null;
  const doi = rng.chance(0.03) ? `doi:10.57967/hf/${1000 + rng.int(9000)}` : null;
  const hasCard = rng.chance(0.9);
  const facts = researchFacts(seed, index, parts, license);

  const tags: string[] = [];
  if (family.libraryName !== null) tags.push(family.libraryName);
  tags.push(...formatTags(format));
  if (family.modelType !== null) tags.push(family.modelType);
  if (family.pipelineTag !== null) tags.push(family.pipelineTag);
  if (parts.variant === 'chat' || parts.variant === 'Instruct') tags.push('conversational');
  tags.push(...languages);
  for (const d of datasets) tags.push(`dataset:${d}`);
  for (const paper of new Set([...(arxiv === null ? [] : [arxiv]), ...facts.papers])) tags.push(paper);
  if (doi !== null) tags.push(doi);
  tags.push(...lineageTags(baseModels));
  tags.push(`license:${license}`);
  if (family.libraryName === 'transformers' && family.pipelineTag === 'text-generation')
    tags.push('autotrain_compatible', 'text-generation-inference');
  if (family.libraryName === 'transformers') tags.push(EXTRA_TAGS[0] as string);
  tags.push('region:us');

  return {
    index,
    id,
    author,
    mongoId: mongoId(ctx, index, created),
    listed,
    private: special === 'private',
    gated: gatedFor(special, rng, index),
    disabled: special === 'disabled',
    deleted: special === 'deleted',
    special,
    aliases: special === 'renamed' ? [id.slice(id.indexOf('/') + 1)] : [],
    downloads,
    downloadsAllTime: downloadsAllTimeAt(seed, index, downloads),
    likes,
    trendingScore: trendingScoreAt(seed, index, likes),
    createdAt: isoSeconds(created),
    pipelineTag: family.pipelineTag,
    libraryName: family.libraryName,
    tags,
    family,
    format,
    shape: shapeFor(ctx, index, special),
    head: index < ctx.profile.headRepos || special !== null,
    license,
    languages,
    datasets,
    baseModel: baseModels[0] ?? null,
    baseModels,
    facts,
    hasCard: hasCard || special !== null,
    commitTimes,
    listedCommits: 2,
  };
}

function formatTags(format: WeightFormat): string[] {
  switch (format) {
    case 'safetensors':
      return ['safetensors'];
    case 'pytorch':
      return ['pytorch'];
    case 'gguf':
      return ['gguf'];
    case 'onnx':
      return ['onnx', 'safetensors'];
    case 'h5':
      return ['tf', 'pytorch'];
    case 'diffusers':
      return ['safetensors', 'diffusers:StableDiffusionPipeline'];
    case 'adapter':
      return ['safetensors', 'lora'];
  }
}

function pickBaseModel(
  ctx: HubContext,
  index: number,
  parts: NameParts,
  format: WeightFormat,
  rng: Rng,
): BaseModelRef | null {
  const derived = ['finetuned-squad', 'sft', 'dpo', 'GGUF', 'AWQ', 'quantized', 'merged', 'distilled', 'ft'];
  if (index < 20 || ctx.listed < 1 || !(derived.includes(parts.variant) || format === 'adapter')) return null;
  // The base is an earlier, ordinary (non-special, listed) model: it exists whenever this one does.
  let base = rng.int(Math.min(index, 200, ctx.listed));
  if (ctx.specials.has(base)) base = 0;
  const relation: BaseModelRef['relation'] =
    format === 'adapter'
      ? 'adapter'
      : ['GGUF', 'AWQ', 'quantized'].includes(parts.variant)
        ? 'quantized'
        : parts.variant === 'merged'
          ? 'merge'
          : 'finetune';
  // Quantizations are mostly of fine-tunes: look (on a stream of its own) for a derived base, making chains.
  if (relation === 'quantized') base = derivedBaseNear(ctx, index, base);
  return baseRef(ctx, base, relation);
}

/** Variants that `pickBaseModel` gives a finetune base (so a quantization of one makes a chain). */
const DERIVED_VARIANTS = new Set(['finetuned-squad', 'sft', 'dpo', 'ft', 'distilled']);

function derivedBaseNear(ctx: HubContext, index: number, fallback: number): number {
  const rng = new Rng(hash32(0x63686169 ^ ctx.seed.words[0], index));
  for (let tries = 0; tries < 8; tries++) {
    const candidate = 20 + rng.int(Math.max(1, Math.min(index, 200, ctx.listed) - 20));
    if (candidate >= index || ctx.specials.has(candidate)) continue;
    if (DERIVED_VARIANTS.has(modelIdentity(ctx, candidate).parts.variant)) return candidate;
  }
  return fallback;
}

/** A merge of two models: the second base is another earlier ordinary model. */
function withMergeBase(ctx: HubContext, index: number, first: BaseModelRef): BaseModelRef[] {
  if (first.relation !== 'merge') return [first];
  const span = Math.min(index, 200, ctx.listed);
  let second = hash32(0x6d657267 ^ ctx.seed.words[0], index) % span;
  if (ctx.specials.has(second)) second = 0;
  const ref = baseRef(ctx, second, 'merge');
  return ref.id === first.id ? [first] : [first, ref];
}

function baseRef(ctx: HubContext, base: number, relation: BaseModelRef['relation']): BaseModelRef {
  // The base's _id needs its creation date: replay just enough of its generation.
  const identity = modelIdentity(ctx, base);
  return { relation, id: identity.id, mongoId: mongoId(ctx, base, drawCreated(identity.rng)) };
}
