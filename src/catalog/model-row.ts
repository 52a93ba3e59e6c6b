/**
 * Maps a listed model (the hub client's domain record plus the raw item) to the columns of `models`.
 * Pure; the store binds the result to its INSERT.
 */
import type { ListedModel, ModelRecord } from '../types.js';

export interface ModelRow {
  id: string;
  mongo_id: string | null;
  author: string | null;
  sha: string | null;
  last_modified: string | null;
  created_at: string | null;
  private: 0 | 1;
  gated: string | null;
  disabled: 0 | 1;
  downloads: number;
  downloads_all_time: number | null;
  likes: number;
  library_name: string | null;
  pipeline_tag: string | null;
  used_storage: number | null;
  tags: string;
  card_datasets: string;
  model_type: string | null;
  architectures: string;
  raw: string;
  trending_score: number | null;
  parameters: number | null;
  gguf_parameters: number | null;
  gguf_architecture: string | null;
  gguf_context_length: number | null;
  gguf_chat_template: 0 | 1 | null;
}

export function toModelRow({ model, raw }: ListedModel): ModelRow {
  const config = model.config ?? {};
  const modelType = config.model_type;
  return {
    id: model.id,
    mongo_id: model.mongoId,
    author: model.author,
    sha: model.sha,
    last_modified: model.lastModified,
    created_at: model.createdAt,
    private: model.private ? 1 : 0,
    gated: model.gated === false ? null : model.gated,
    disabled: model.disabled ? 1 : 0,
    downloads: integerOr(model.downloads, 0),
    downloads_all_time: model.downloadsAllTime === null ? null : integerOr(model.downloadsAllTime, 0),
    likes: integerOr(model.likes, 0),
    library_name: model.libraryName,
    pipeline_tag: model.pipelineTag,
    used_storage: model.usedStorage,
    tags: JSON.stringify(model.tags),
    card_datasets: JSON.stringify(stringList(model.cardData?.datasets)),
    model_type: typeof modelType === 'string' && modelType !== '' ? modelType : null,
    architectures: JSON.stringify(stringList(config.architectures)),
    raw: JSON.stringify(raw),
    ...weightColumns(model),
  };
}

/** The typed columns of migration 6 (also what a backfill of an older snapshot writes). */
export function weightColumns(
  model: ModelRecord,
): Pick<
  ModelRow,
  | 'trending_score'
  | 'parameters'
  | 'gguf_parameters'
  | 'gguf_architecture'
  | 'gguf_context_length'
  | 'gguf_chat_template'
> {
  const gguf = model.gguf;
  return {
    trending_score: model.trendingScore === null ? null : integerOr(model.trendingScore, 0),
    parameters: model.safetensors?.total ?? null,
    gguf_parameters: gguf?.total ?? null,
    gguf_architecture: gguf?.architecture ?? null,
    gguf_context_length: gguf?.contextLength ?? null,
    gguf_chat_template: gguf === null ? null : gguf.hasChatTemplate ? 1 : 0,
  };
}

/** Model cards write `datasets: squad` as often as `datasets: [squad]`; keep the strings, drop anything else. */
export function stringList(value: unknown): string[] {
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  return list.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

/** Counters must sort numerically: a fraction is truncated, a non-number becomes the fallback. */
function integerOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? Math.trunc(value) : fallback;
}
