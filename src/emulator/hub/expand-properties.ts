/**
 * The properties `expand` accepts for models, and the Hub's 400 for anything else (unknown names, `_id`,
 * nested names such as `cardData.license`).
 */

/** Every value `expand` accepts for models (the server's own list, which also has xetEnabled and gitalyUid). */
export const EXPAND_PROPERTIES = [
  'author',
  'baseModels',
  'cardData',
  'childrenModelCount',
  'config',
  'createdAt',
  'disabled',
  'downloads',
  'downloadsAllTime',
  'evalResults',
  'gated',
  'gguf',
  'inference',
  'inferenceProviderMapping',
  'lastModified',
  'library_name',
  'likes',
  'mask_token',
  'model-index',
  'pipeline_tag',
  'private',
  'resourceGroup',
  'safetensors',
  'sha',
  'siblings',
  'spaces',
  'tags',
  'transformersInfo',
  'trendingScore',
  'usedStorage',
  'widgetData',
  'xetEnabled',
  'gitalyUid',
] as const;

export type ExpandProperty = (typeof EXPAND_PROPERTIES)[number];
const EXPAND_SET: ReadonlySet<string> = new Set(EXPAND_PROPERTIES);

/** The first value that is not a valid expand property (`_id` and nested names included), or null. */
export function invalidExpand(values: readonly string[]): string | null {
  return values.find((v) => !EXPAND_SET.has(v)) ?? null;
}

export function expandErrorMessage(index: number): string {
  return `"expand[${index}]" must be one of [${EXPAND_PROPERTIES.join(', ')}]`;
}
