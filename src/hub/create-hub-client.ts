/**
 * `createHubClient(options)`: the HubClient over HTTP (undici, keep-alive, `connections` sockets per
 * origin). Everything comes from the one options object; nothing global, no environment reads.
 */
import type { HubClient, HubClientOptions } from './hub-client.js';
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
import { defaultUserAgent } from './user-agent.js';

export const DEFAULT_CONNECTIONS = 16;
export const DEFAULT_HEADERS_TIMEOUT_MILLIS = 30_000;
export const DEFAULT_BODY_TIMEOUT_MILLIS = 60_000;

export function createHubClient(options: HubClientOptions): HubClient {
  const endpoint = normalizeEndpoint(options.endpoint);
  const clock = options.clock ?? systemClock;
  const onEvent = options.onEvent;
  const pacer = new RateLimitPacer({
    clock,
    pacing: { ...DEFAULT_PACING_OPTIONS, ...options.pacing },
    onWait: (bucket, delayMillis) => onEvent?.({ type: 'rate-limit-wait', bucket, delayMillis }),
  });
  const transport = new HubTransport({
    endpoint,
    token: options.token,
    userAgent: options.userAgent ?? defaultUserAgent(),
    signal: options.signal,
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    clock,
    random: options.random ?? Math.random,
    pacer,
    connections: options.connections ?? DEFAULT_CONNECTIONS,
    headersTimeoutMillis: options.headersTimeoutMillis ?? DEFAULT_HEADERS_TIMEOUT_MILLIS,
    bodyTimeoutMillis: options.bodyTimeoutMillis ?? DEFAULT_BODY_TIMEOUT_MILLIS,
    onEvent,
  });
  return {
    endpoint,
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
