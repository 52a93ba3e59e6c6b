/**
 * The JSON the Hub serves for a model: listing items (default, `full`, `cardData`, `config`, `expand`) and
 * model info (default, `blobs`, `expand`). Field sets and orders follow the protocol reference §1.4 and §2.1.
 */
import type { HubModel } from './hub-model.js';
import { cardDataOf } from './model-card.js';
import type { RepoCommit } from './repo-commits.js';
import { apiConfigOf } from './repo-texts.js';
import type { SyntheticHub } from './synthetic-hub.js';
import type { ExpandProperty } from './expand-properties.js';

export {
  EXPAND_PROPERTIES,
  expandErrorMessage,
  invalidExpand,
  invalidListingExpand,
  listingExpandErrorMessage,
  type ExpandProperty,
} from './expand-properties.js';

type Json = Record<string, unknown>;

/** Reads a model's properties at one commit; sibling-dependent values are computed on first use. */
class ModelFacts {
  constructor(
    private readonly hub: SyntheticHub,
    readonly model: HubModel,
    readonly commit: RepoCommit,
    private readonly blobs: boolean,
  ) {}

  value(property: ExpandProperty): unknown {
    const m = this.model;
    switch (property) {
      case 'author':
        return m.author ?? undefined;
      case 'baseModels':
        return m.baseModel === null
          ? undefined
          : {
              relation: m.baseModel.relation,
              models: m.baseModels.map((b) => ({ _id: b.mongoId, id: b.id })),
            };
      case 'cardData':
        return cardDataOf(m) ?? undefined;
      case 'childrenModelCount': {
        const n = m.index < 50 ? 50 - m.index : 0;
        return { adapter: n % 7, merge: n % 3, quantized: n % 11, finetune: n % 13 };
      }
      case 'config':
        return apiConfigOf(m) ?? undefined;
      case 'createdAt':
        return m.createdAt;
      case 'disabled':
        return m.disabled;
      case 'downloads':
        return m.downloads;
      case 'downloadsAllTime':
        return m.downloadsAllTime;
      case 'evalResults':
        return [];
      case 'gated':
        return m.gated;
      case 'gguf': {
        const gguf = this.commit.files.filter((f) => f.path.endsWith('.gguf'));
        if (gguf.length === 0) return undefined;
        const g = m.facts.gguf;
        return {
          total: Object.values(m.facts.parameters).reduce((a, b) => a + b, 0),
          architecture: g.architecture,
          context_length: g.contextLength,
          ...(g.chatTemplate === null ? {} : { chat_template: g.chatTemplate }),
          bos_token: g.bosToken,
          eos_token: g.eosToken,
        };
      }
      case 'inference':
        return m.index < 5 && m.special === null && m.pipelineTag !== null ? 'warm' : undefined;
      case 'inferenceProviderMapping':
        return [];
      case 'lastModified':
        return this.commit.date;
      case 'library_name':
        return m.libraryName ?? undefined;
      case 'likes':
        return m.likes;
      case 'mask_token':
        return m.pipelineTag === 'fill-mask'
          ? m.family.tokenizer === 'wordpiece'
            ? '[MASK]'
            : '<mask>'
          : undefined;
      case 'model-index':
        return m.baseModel === null ? null : [{ name: m.id.slice(m.id.indexOf('/') + 1), results: [] }];
      case 'pipeline_tag':
        return m.pipelineTag ?? undefined;
      case 'private':
        return m.private;
      case 'resourceGroup':
        return undefined;
      case 'safetensors': {
        // Counts come from the weights' headers, not from the (tiny, synthetic) file sizes.
        if (!this.commit.files.some((f) => f.path.endsWith('.safetensors'))) return undefined;
        const parameters = { ...m.facts.parameters };
        return { parameters, total: Object.values(parameters).reduce((a, b) => a + b, 0) };
      }
      case 'sha':
        return this.commit.sha;
      case 'siblings':
        return this.siblings();
      case 'spaces':
        return [];
      case 'tags':
        return [...m.tags];
      case 'transformersInfo':
        return m.libraryName === 'transformers' && m.family.architecture !== null
          ? { auto_model: autoModel(m), pipeline_tag: m.pipelineTag ?? undefined, processor: 'AutoTokenizer' }
          : undefined;
      case 'trendingScore':
        return m.trendingScore;
      case 'usedStorage':
        return usedStorage(this.hub, m);
      case 'widgetData':
        return m.pipelineTag === 'text-generation' || m.pipelineTag === 'fill-mask'
          ? [{ text: 'My name is Clara and I am' }]
          : undefined;
      case 'xetEnabled':
        return false;
      case 'gitalyUid':
        return m.mongoId.slice(8);
    }
  }

  private siblings(): Json[] {
    if (!this.blobs) return this.commit.files.map((f) => ({ rfilename: f.path }));
    return this.commit.files.map((f) =>
      f.lfs === null
        ? { rfilename: f.path, blobId: f.blobId, size: f.size }
        : { rfilename: f.path, blobId: f.blobId, size: f.size, lfs: { ...f.lfs } },
    );
  }
}

function autoModel(m: HubModel): string {
  const arch = m.family.architecture ?? '';
  const suffix = arch.replace(/^[A-Z][a-z0-9]*(?:V\d)?(?=For|Model|LMHead)/, '');
  return suffix.startsWith('For') ? `AutoModel${suffix}` : 'AutoModel';
}

/** Bytes of every distinct blob over the repo's history (LFS content counted at its real size). */
function usedStorage(hub: SyntheticHub, model: HubModel): number {
  const seen = new Map<string, number>();
  for (const commit of hub.commits(model))
    for (const f of commit.files) seen.set(f.lfs?.sha256 ?? f.blobId, f.size);
  let total = 0;
  for (const size of seen.values()) total += size;
  return total;
}

function put(out: Json, key: string, value: unknown): void {
  if (value !== undefined) out[key] = value;
}

export interface ListingView {
  full: boolean;
  cardData: boolean;
  config: boolean;
  /** When set, only `_id`, `id` and these properties (full/cardData/config are then ignored). */
  expand: readonly ExpandProperty[] | null;
}

const DEFAULT_LISTING_FIELDS: readonly ExpandProperty[] = [
  'likes',
  'trendingScore',
  'private',
  'downloads',
  'tags',
  'pipeline_tag',
  'library_name',
  'createdAt',
];
const FULL_LISTING_FIELDS: readonly ExpandProperty[] = [
  'author',
  'sha',
  'lastModified',
  'gated',
  'disabled',
  'siblings',
];
/** Whether a listing view needs the model's commit (sha, siblings...); the cheap path skips building it. */
const COMMIT_PROPERTIES: ReadonlySet<ExpandProperty> = new Set([
  'sha',
  'siblings',
  'lastModified',
  'gguf',
  'safetensors',
  'usedStorage',
]);

export function viewNeedsCommit(view: ListingView): boolean {
  return view.expand === null ? view.full : view.expand.some((p) => COMMIT_PROPERTIES.has(p));
}

/** One item of `GET /api/models` for a listed model (at the commit the listing shows). */
export function listingItem(hub: SyntheticHub, model: HubModel, view: ListingView): Json {
  const commit = viewNeedsCommit(view) ? hub.listedCommit(model) : LAZY_COMMIT_GUARD;
  const facts = new ModelFacts(hub, model, commit, false);
  const out: Json = { _id: model.mongoId, id: model.id };
  if (view.expand !== null) {
    for (const p of view.expand) put(out, p, facts.value(p));
    return out;
  }
  for (const p of DEFAULT_LISTING_FIELDS) put(out, p, facts.value(p));
  out['modelId'] = model.id;
  if (view.full) for (const p of FULL_LISTING_FIELDS) put(out, p, facts.value(p));
  if (view.cardData) put(out, 'cardData', facts.value('cardData'));
  if (view.config) put(out, 'config', facts.value('config'));
  return out;
}

/** Placeholder for views that read nothing from the commit; touching it is a bug. */
const LAZY_COMMIT_GUARD = new Proxy({} as RepoCommit, {
  get(_target, property) {
    throw new Error(`listing view read commit.${String(property)} without building the commit`);
  },
});

const INFO_FIELDS: readonly (ExpandProperty | 'modelId')[] = [
  'private',
  'pipeline_tag',
  'library_name',
  'tags',
  'downloads',
  'likes',
  'modelId',
  'author',
  'sha',
  'lastModified',
  'gated',
  'inference',
  'disabled',
  'mask_token',
  'widgetData',
  'model-index',
  'config',
  'cardData',
  'transformersInfo',
  'siblings',
  'spaces',
  'createdAt',
  'safetensors',
  'usedStorage',
];

/** `GET /api/models/{id}[/revision/{rev}]` at `commit`; `blobs` adds sizes and hashes to siblings. */
export function modelInfoBody(
  hub: SyntheticHub,
  model: HubModel,
  commit: RepoCommit,
  options: { blobs: boolean; expand: readonly ExpandProperty[] | null },
): Json {
  const facts = new ModelFacts(hub, model, commit, options.blobs);
  const out: Json = { _id: model.mongoId, id: model.id };
  if (options.expand !== null) {
    for (const p of options.expand) put(out, p, facts.value(p));
    return out;
  }
  for (const p of INFO_FIELDS) {
    if (p === 'modelId') out['modelId'] = model.id;
    else if (p === 'model-index') out['model-index'] = facts.value(p);
    else put(out, p, facts.value(p));
  }
  return out;
}
