/**
 * GET a JSON document from the Hub: follows redirects (renamed and legacy ids answer a relative 307) a
 * bounded number of hops, retries per policy (a body cut short is retried too), and rejects with typed
 * errors. A body that is not JSON is a BadResponseError naming the URL.
 */
import { BadResponseError } from '../errors.js';
import { type FailureContext, type HubTransport, isRedirect } from './hub-transport.js';
import { BodyTooLarge, discardBody, headerValue, readCappedText } from './read-body.js';

/** Redirect hops followed before giving up. */
export const MAX_REDIRECTS = 5;

export interface JsonResponse {
  /** The URL that finally answered (after redirects). */
  finalUrl: URL;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

export function getJson(
  transport: HubTransport,
  url: string,
  options: { signal?: AbortSignal; context?: FailureContext } = {},
): Promise<JsonResponse> {
  const signal = transport.signalFor(options.signal);
  return transport.retrying(url, signal, async () => {
    let current = new URL(url);
    for (let hop = 0; ; hop++) {
      const response = await transport.send(current, { headers: { accept: 'application/json' }, signal });
      if (isRedirect(response.status)) {
        const location = headerValue(response.headers, 'location');
        await discardBody(response.body);
        if (location === null || hop >= MAX_REDIRECTS) {
          throw new BadResponseError(
            location === null ? 'redirect without a Location header' : `more than ${MAX_REDIRECTS} redirects`,
            { url: transport.redact(current), status: response.status },
          );
        }
        current = new URL(location, current);
        continue;
      }
      if (response.status < 200 || response.status >= 300)
        throw await transport.failure(response, options.context);
      let text: string;
      try {
        const body = transport.guardBody(response, 'api');
        text = await readCappedText(
          body,
          transport.limits.maxJsonBytes,
          headerValue(response.headers, 'content-length'),
        );
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          throw new BadResponseError(
            `the Hub's answer is larger than ${formatMiB(error.limitBytes)}, the cap on one JSON answer`,
            { url: transport.redact(current), status: response.status, ...options.context },
          );
        }
        throw transport.classify(error, current, signal, 'reading the response of');
      }
      try {
        return { finalUrl: current, headers: response.headers, json: JSON.parse(text) as unknown };
      } catch {
        const start = text.slice(0, 60).replace(/\s+/g, ' ');
        throw new BadResponseError(
          `the Hub sent something that is not JSON (starting ${JSON.stringify(start)})`,
          {
            url: transport.redact(current),
            status: response.status,
            requestId: headerValue(response.headers, 'x-request-id') ?? undefined,
          },
        );
      }
    }
  });
}

function formatMiB(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MiB` : `${bytes} bytes`;
}
