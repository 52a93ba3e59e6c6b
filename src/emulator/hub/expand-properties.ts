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

/**
 * Properties the Hub answers on `/api/models/{id}` only and refuses on the listing (huggingface_hub dropped
 * them from `list_models` for that reason).
 */
export const SINGLE_MODEL_EXPAND: readonly ExpandProperty[] = [
  'baseModels',
  'usedStorage',
  'childrenModelCount',
];

/** What the listing accepts: every property but the single-model ones. */
export const LISTING_EXPAND_PROPERTIES: readonly ExpandProperty[] = EXPAND_PROPERTIES.filter(
  (p) => !SINGLE_MODEL_EXPAND.includes(p),
);
const LISTING_EXPAND_SET: ReadonlySet<string> = new Set(LISTING_EXPAND_PROPERTIES);

/** The first value the listing refuses, or null. */
export function invalidListingExpand(values: readonly string[]): string | null {
  return values.find((v) => !LISTING_EXPAND_SET.has(v)) ?? null;
}

export function listingExpandErrorMessage(index: number): string {
  return `"expand[${index}]" must be one of [${LISTING_EXPAND_PROPERTIES.join(', ')}]`;
}
