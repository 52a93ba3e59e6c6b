/** The Hub client: the only code that knows the Hub's wire format. */
export {
  createHubClient,
  DEFAULT_CONNECTIONS,
  DEFAULT_HEADERS_TIMEOUT_MILLIS,
  DEFAULT_BODY_TIMEOUT_MILLIS,
} from './create-hub-client.js';
export type {
  FileResponse,
  HubClient,
  HubClientEvent,
  HubClientOptions,
  ListModelsQuery,
  ModelInfo,
  ModelInfoOptions,
  ModelPage,
  OpenFileOptions,
  RateLimitBucket,
} from './hub-client.js';
export type { ProxySettings } from './proxy-dispatcher.js';
export { DEFAULT_RETRY_ERROR_CODES, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
export { computeRetryDelay, type RetryDelayInput } from './retry-delay.js';
export {
  parseRateLimit,
  parseRateLimitPolicy,
  parseRetryAfter,
  serverRetryDelayMillis,
  type RateLimitPolicy,
  type RateLimitState,
} from './retry-timing.js';
export { DEFAULT_PACING_OPTIONS, decidePacing, type PacingOptions } from './pacing-decision.js';
export { systemClock, type HubClock } from './clock.js';
export { normalizeEtag } from './etag.js';
export { parseContentRange, type ContentRange } from './content-range.js';
export { nextPageUrl, parseLinkHeader } from './link-header.js';
export {
  encodeRepoPath,
  listModelsUrl,
  modelInfoUrl,
  normalizeEndpoint,
  redactUrl,
  resolveUrl,
  treeUrl,
} from './hub-urls.js';
export { isRepoUrl, mapHubError, type HubErrorInput } from './map-hub-error.js';
export { bucketForUrl } from './rate-limit-bucket.js';
export { defaultUserAgent } from './user-agent.js';
export { parseExpandRefusal, refusedExpandValues, type ExpandRefusal } from './expand-refusal.js';
export { DEFAULT_TRANSFER_SETTINGS, type TransferLimits, type TransferSettings } from './transfer-guard.js';
