/**
 * `createHubClient(options)`: the HubClient over HTTP (undici, keep-alive, `connections` sockets per
 * origin). Everything comes from the one options object; nothing global, no environment reads.
 */
import type { HubClient, HubClientEvent, HubClientOptions } from './hub-client.js';
import { registerSecret, scrubSecrets } from '../secrets.js';
import { systemClock } from './clock.js';
import { HubTransport } from './hub-transport.js';
import { normalizeEndpoint } from './hub-urls.js';
import { listFiles } from './list-files.js';
import { listCommits, listRefs } from './list-history.js';
import { listModelPages } from './list-model-pages.js';
import { modelInfo } from './model-info.js';
import { openFile } from './open-file.js';
import { DEFAULT_PACING_OPTIONS } from './pacing-decision.js';
import { RateLimitPacer } from './rate-limit-pacer.js';
import { DEFAULT_RETRY_POLICY } from './retry-policy.js';
import { clientIdentity } from './client-identity.js';
import { DEFAULT_TRANSFER_SETTINGS } from './transfer-guard.js';
import { defaultUserAgent } from './user-agent.js';

export const DEFAULT_CONNECTIONS = 16;
export const DEFAULT_HEADERS_TIMEOUT_MILLIS = 30_000;
export const DEFAULT_BODY_TIMEOUT_MILLIS = 60_000;
export const DEFAULT_MAX_JSON_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_PAGE_ITEMS = 10_000;

export function createHubClient(options: HubClientOptions): HubClient {
  const endpoint = normalizeEndpoint(options.endpoint);
  registerSecret(options.token);
  const clock = options.clock ?? systemClock;
  const listener = options.onEvent;
  // Events leave the client: their texts (URLs, reasons) are scrubbed like any output.
  const onEvent =
    listener === undefined
      ? undefined
      : (event: HubClientEvent) =>
          listener(
            'url' in event
              ? {
                  ...event,
                  url: scrubSecrets(event.url),
                  ...('reason' in event ? { reason: scrubSecrets(event.reason) } : {}),
                }
              : event,
          );
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const pacer = new RateLimitPacer({
    clock,
    // The pacer waits no longer than the retry path honours a server's wait.
    pacing: { ...DEFAULT_PACING_OPTIONS, maxWaitMillis: policy.maxServerDelayMillis, ...options.pacing },
    onWait: (bucket, delayMillis) => onEvent?.({ type: 'rate-limit-wait', bucket, delayMillis }),
  });
  const transport = new HubTransport({
    endpoint,
    token: options.token,
    userAgent: options.userAgent ?? defaultUserAgent(),
    signal: options.signal,
    policy,
    clock,
    random: options.random ?? Math.random,
    pacer,
    connections: options.connections ?? DEFAULT_CONNECTIONS,
    proxy: options.proxy ?? null,
    headersTimeoutMillis: options.headersTimeoutMillis ?? DEFAULT_HEADERS_TIMEOUT_MILLIS,
    bodyTimeoutMillis: options.bodyTimeoutMillis ?? DEFAULT_BODY_TIMEOUT_MILLIS,
    transfer: {
      api: { ...DEFAULT_TRANSFER_SETTINGS.api, ...options.transfer?.api },
      file: { ...DEFAULT_TRANSFER_SETTINGS.file, ...options.transfer?.file },
    },
    maxJsonBytes: options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES,
    maxPageItems: options.maxPageItems ?? DEFAULT_MAX_PAGE_ITEMS,
    onEvent,
  });
  return {
    endpoint,
    identity: clientIdentity(options.token),
    listModelPages: (query, resumeUrl) => listModelPages(transport, query, resumeUrl),
    modelInfo: (repoId, infoOptions) => modelInfo(transport, repoId, infoOptions),
    listFiles: (repoId, revision) => listFiles(transport, repoId, revision),
    openFile: (repoId, revision, path, fileOptions) =>
      openFile(transport, repoId, revision, path, fileOptions),
    listCommits: (repoId, revision) => listCommits(transport, repoId, revision),
    listRefs: (repoId) => listRefs(transport, repoId),
    close: () => transport.close(),
  };
}
