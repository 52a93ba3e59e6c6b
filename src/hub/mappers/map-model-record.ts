/**
 * Wire model (`ApiModel`, a list item or a model-info body) -> `ModelRecord`. Missing fields get their
 * documented defaults (legacy ids: no author; gated absent: false; downloads absent: 0); wrong types are a
 * BadResponseError naming the URL and the field.
 */
import type { Gated, ListedModel, ModelRecord } from '../../types.js';
import type { ApiModel } from '../types/api-model.js';
import { mapGguf, mapSafetensors } from './map-weight-facts.js';
import type { JsonObject, WireReader } from './wire-reader.js';

export function mapModelRecord(raw: JsonObject, reader: WireReader, where: string): ModelRecord {
  const id = reader.string(raw, 'id', where);
  if (id === '') reader.fail(`${where}.id`, 'a repo id', id);
  const siblings = reader.optArray(raw, 'siblings', where) ?? [];
  const siblingNames = new Array<string>(siblings.length);
  for (let i = 0; i < siblings.length; i++) {
    const sibling = reader.object(siblings[i], `${where}.siblings[${i}]`);
    siblingNames[i] = reader.string(sibling, 'rfilename', `${where}.siblings[${i}]`);
  }
  return {
    id,
    mongoId: reader.optString(raw, '_id', where),
    author: reader.optString(raw, 'author', where),
    sha: reader.optString(raw, 'sha', where),
    lastModified: reader.optString(raw, 'lastModified', where),
    createdAt: reader.optString(raw, 'createdAt', where),
    private: reader.optBoolean(raw, 'private', where) ?? false,
    gated: mapGated(raw.gated, reader, `${where}.gated`),
    disabled: reader.optBoolean(raw, 'disabled', where) ?? false,
    downloads: reader.optNumber(raw, 'downloads', where) ?? 0,
    downloadsAllTime: reader.optNumber(raw, 'downloadsAllTime', where),
    likes: reader.optNumber(raw, 'likes', where) ?? 0,
    libraryName: reader.optString(raw, 'library_name', where),
    pipelineTag: reader.optString(raw, 'pipeline_tag', where),
    tags: reader.optStringArray(raw, 'tags', where) ?? [],
    cardData: reader.optObject(raw, 'cardData', where),
    config: reader.optObject(raw, 'config', where),
    siblings: siblingNames,
    usedStorage: reader.optSize(raw, 'usedStorage', where),
    trendingScore: reader.optNumber(raw, 'trendingScore', where),
    safetensors: mapSafetensors(raw, reader, where),
    gguf: mapGguf(raw, reader, where),
  };
}

/** `false | "auto" | "manual"`. `true` or a gating mode we do not know yet is treated as `manual`. */
function mapGated(value: unknown, reader: WireReader, where: string): Gated {
  if (value === undefined || value === null || value === false) return false;
  if (value === 'auto' || value === 'manual') return value;
  // Still a gate: access needs approval we cannot assume.
  if (value === true || typeof value === 'string') return 'manual';
  return reader.fail(where, 'false, "auto" or "manual"', value);
}

/** One listing item -> `ListedModel`; `raw` is the item itself, exactly as received. */
export function mapListedModel(item: unknown, reader: WireReader, index: number): ListedModel {
  const where = `item ${index}`;
  const raw = reader.object(item, where);
  if (typeof raw.id !== 'string') reader.fail(`${where}.id`, 'a string', raw.id);
  return { model: mapModelRecord(raw, reader, where), raw: raw as ApiModel };
}
