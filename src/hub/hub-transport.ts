/**
 * One HTTP request to the Hub or its CDN, and nothing more: rate-limit pacing for the endpoint's own
 * origin, the Authorization header for that origin only, events, and the translation of failures into
 * typed (possibly retryable) errors. Redirects and retries are the callers' (`get-json.ts`,
 * `open-file.ts`), because which hops keep the token is a security decision made per hop.
 */
import { setMaxListeners } from 'node:events';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { AbortedError, type HubError, RateLimitedError } from '../errors.js';
import { classifyThrown } from './classify-network-error.js';
import type { HubClock } from './clock.js';
import type { HubClientEvent, RateLimitBucket } from './hub-client.js';
import { redactUrl } from './hub-urls.js';
import { mapHubError } from './map-hub-error.js';
import { createDispatcher, type ProxySettings } from './proxy-dispatcher.js';
import { bucketForUrl } from './rate-limit-bucket.js';
import { PacingWaitTooLong, type RateLimitPacer } from './rate-limit-pacer.js';
import { headerValue, readBoundedText } from './read-body.js';
import { DEFAULT_RETRY_ERROR_CODES, type RetryPolicy } from './retry-policy.js';
import { readServerTiming, serverDelayFrom, type ServerTiming } from './retry-timing.js';
import { guardTransfer, type TransferSettings } from './transfer-guard.js';
import { RetryableFailure, withRetries } from './with-retries.js';

export interface TransportConfig {
  /** Normalised endpoint (no trailing slash). */
  endpoint: string;
  token: string | undefined;
  userAgent: string;
  signal: AbortSignal | undefined;
  policy: RetryPolicy;
  clock: HubClock;
  random: () => number;
  pacer: RateLimitPacer;
  connections: number;
  /** Requests go through this proxy (proxy-dispatcher.ts); null: direct. */
  proxy: ProxySettings | null;
  headersTimeoutMillis: number;
  bodyTimeoutMillis: number;
  transfer: TransferSettings;
  /** Cap on one JSON answer, in bytes. */
  maxJsonBytes: number;
  /** Cap on the items of one listing or tree page. */
  maxPageItems: number;
  onEvent: ((event: HubClientEvent) => void) | undefined;
}

export interface HubResponse {
  /** The URL this response answers (one hop). */
  url: URL;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** undici's body: a Readable with `text()` / `json()` / `dump()`. Read a success's through `guardBody`. */
  body: Dispatcher.ResponseData['body'];
  /** When the request was sent (epoch ms): its overall deadline counts from here. */
  startedAt: number;
  /** Its `RateLimit`, `RateLimit-Policy` and `Retry-After`, parsed once on arrival (the pacer, the retry path). */
  timing: ServerTiming;
}

/** What a failed response was about, for the error message and context. */
export interface FailureContext {
  repoId?: string;
  path?: string;
  /** The `Range` header we sent. */
  range?: string;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

export class HubTransport {
  readonly endpoint: string;
  readonly endpointOrigin: string;
  readonly #config: TransportConfig;
  readonly #agent: Dispatcher;
  /** Combined signals by call signal: a repo's files share one, and AbortSignal.any per request is costly. */
  readonly #combined = new WeakMap<AbortSignal, AbortSignal>();

  constructor(config: TransportConfig) {
    this.#config = config;
    this.endpoint = config.endpoint;
    this.endpointOrigin = new URL(config.endpoint).origin;
    this.#agent = createDispatcher(
      {
        connections: config.connections,
        headersTimeout: config.headersTimeoutMillis,
        bodyTimeout: config.bodyTimeoutMillis,
        keepAliveTimeout: 30_000,
      },
      config.proxy,
    );
  }

  /** The client-level signal combined with a call's own. */
  signalFor(signal?: AbortSignal): AbortSignal | undefined {
    const own = this.#config.signal;
    if (signal === undefined) return own;
    if (own === undefined) return signal;
    let combined = this.#combined.get(signal);
    if (combined === undefined) {
      combined = AbortSignal.any([own, signal]);
      // every request in flight on it listens (a file in parts has up to one per connection); each listener
      // goes when its request ends, so the default limit of 10 only warns of a leak that is not there
      setMaxListeners(Math.max(10, this.#config.connections * 2), combined);
      this.#combined.set(signal, combined);
    }
    return combined;
  }

  redact(url: string | URL): string {
    return redactUrl(url, this.endpointOrigin);
  }

  /**
   * Sends one request without following redirects. Paces and authenticates only on the endpoint's origin.
   * Network failures reject with a RetryableFailure / NetworkError / AbortedError.
   */
  async send(
    url: URL,
    options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<HubResponse> {
    const signal = options.signal;
    if (signal?.aborted) throw new AbortedError('aborted', { url: this.redact(url) });
    const own = url.origin === this.endpointOrigin;
    const bucket = bucketForUrl(url);
    const headers: Record<string, string> = {
      'user-agent': this.#config.userAgent,
      // Content-Length must be the real size, and a resumed Range must be plain bytes.
      'accept-encoding': 'identity',
      ...options.headers,
    };
    // The token goes to the endpoint's origin only, whatever a redirect or a Link header says.
    if (own && this.#config.token !== undefined && this.#config.token !== '') {
      headers.authorization = `Bearer ${this.#config.token}`;
    } else {
      delete headers.authorization;
    }
    if (own) await this.#acquire(bucket, url, signal);
    const startedAt = Date.now();
    try {
      this.#config.onEvent?.({
        type: 'request',
        method: 'GET',
        url: this.redact(url),
        bucket,
        ...(own ? {} : { external: true }),
      });
      const response = await this.#agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers,
        signal,
      });
      const timing = readServerTiming(
        {
          rateLimit: headerValue(response.headers, 'ratelimit'),
          policy: headerValue(response.headers, 'ratelimit-policy'),
          retryAfter: headerValue(response.headers, 'retry-after'),
        },
        this.#config.clock.now(),
      );
      if (own) this.#observe(bucket, response.statusCode, timing);
      return {
        url,
        status: response.statusCode,
        headers: response.headers,
        body: response.body,
        startedAt,
        timing,
      };
    } catch (error) {
      throw this.classify(error, url, signal, 'reaching');
    } finally {
      if (own) this.#config.pacer.release(bucket);
    }
  }

  /**
   * A success's body behind the deadlines for its kind (transfer-guard.ts): an API answer or a file body.
   * Redirect and error bodies are read bounded or drained as they are, so their connection is reused.
   */
  guardBody(response: HubResponse, kind: keyof TransferSettings): Readable {
    return guardTransfer(
      response.body,
      this.#config.transfer[kind],
      response.startedAt,
      this.redact(response.url),
    );
  }

  /** Caps on one answer: bytes of a JSON document, items of a page. */
  get limits(): { maxJsonBytes: number; maxPageItems: number } {
    return { maxJsonBytes: this.#config.maxJsonBytes, maxPageItems: this.#config.maxPageItems };
  }

  /** Translates something thrown while talking to `url` (see classify-network-error.ts). */
  classify(error: unknown, url: URL, signal: AbortSignal | undefined, phase: string): unknown {
    return classifyThrown(error, {
      url: this.redact(url),
      origin: url.origin,
      signal,
      retryCodes: this.#config.policy.errorCodes ?? DEFAULT_RETRY_ERROR_CODES,
      phase,
    });
  }

  /**
   * A non-success response -> its typed error, wrapped in a RetryableFailure when the policy retries the
   * status. Reads (a bounded part of) the body for the message and releases the connection.
   */
  async failure(response: HubResponse, context: FailureContext = {}): Promise<RetryableFailure | HubError> {
    const { status, headers } = response;
    let body: string | null = null;
    try {
      body = await readBoundedText(response.body);
    } catch {
      // The status and headers say enough.
    }
    const { timing } = response;
    const retryable = this.#config.policy.statusCodes.includes(status);
    // RateLimit r=0 is a reason to wait only on a 429; Retry-After is honoured on any retried status.
    const serverDelay = retryable ? serverDelayFrom(timing, status === 429) : null;
    const error = mapHubError({
      status,
      url: this.redact(response.url),
      errorCode: headerValue(headers, 'x-error-code'),
      errorMessage: headerValue(headers, 'x-error-message'),
      requestId: headerValue(headers, 'x-request-id'),
      body,
      rateLimit: timing.rateLimit,
      rateLimitPolicy: timing.policy,
      retryAfterSeconds: serverDelay === null ? null : Math.ceil(serverDelay / 1000),
      range: context.range,
      contentRange: headerValue(headers, 'content-range'),
      repoId: context.repoId,
      path: context.path,
      secret: this.#config.token,
    });
    return retryable ? new RetryableFailure(error, serverDelay, `HTTP ${status}`) : error;
  }

  /** Runs `attempt` under the retry policy, emitting `retry` events for `url`. */
  retrying<T>(
    url: string,
    signal: AbortSignal | undefined,
    attempt: (attemptNumber: number) => Promise<T>,
  ): Promise<T> {
    return withRetries(attempt, {
      policy: this.#config.policy,
      clock: this.#config.clock,
      random: this.#config.random,
      signal,
      onRetry: (attemptNumber, delayMillis, reason) =>
        this.#config.onEvent?.({
          type: 'retry',
          url: this.redact(url),
          attempt: attemptNumber,
          delayMillis,
          reason,
        }),
    });
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #acquire(bucket: RateLimitBucket, url: URL, signal: AbortSignal | undefined): Promise<void> {
    try {
      await this.#config.pacer.acquire(bucket, signal);
    } catch (error) {
      if (!(error instanceof PacingWaitTooLong)) throw error;
      throw new RateLimitedError(error.message, {
        url: this.redact(url),
        retryAfterSeconds: Math.ceil(error.waitMillis / 1000),
      });
    }
  }

  #observe(bucket: RateLimitBucket, status: number, timing: ServerTiming): void {
    // A 429 that says only Retry-After still tells every other request to hold off.
    const retryAfterMillis = status === 429 && timing.rateLimit === null ? timing.retryAfterMillis : null;
    this.#config.pacer.observe(bucket, {
      rateLimit: timing.rateLimit,
      policy: timing.policy,
      retryAfterMillis,
    });
  }
}
