/**
 * The connection pool every request of a client goes through: a plain undici Agent, or, when a proxy is set,
 * undici's EnvHttpProxyAgent with the values config.ts read (so that nothing here reads the environment).
 * Requests to hosts in `noProxy` go direct. undici makes no exception for loopback: `127.0.0.1` and
 * `localhost` are proxied too unless `noProxy` names them.
 */
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';

/** Proxy URLs per scheme of the target, and the hosts reached without one. */
export interface ProxySettings {
  /** For `http://` targets (`HTTP_PROXY`). Default: none. */
  httpProxy?: string;
  /** For `https://` targets (`HTTPS_PROXY`). Default: the HTTP proxy. */
  httpsProxy?: string;
  /** Comma- or space-separated hosts (`host`, `.domain`, `host:port`, `*`) reached directly (`NO_PROXY`). */
  noProxy?: string;
}

export function createDispatcher(
  options: Agent.Options,
  proxy: ProxySettings | null | undefined,
): Dispatcher {
  if (proxy === null || proxy === undefined) return new Agent(options);
  // '' rather than undefined: undici falls back on process.env for an option left undefined.
  return new EnvHttpProxyAgent({
    ...options,
    httpProxy: proxy.httpProxy ?? '',
    // an https target with no HTTPS_PROXY goes through HTTP_PROXY (undici's rule)
    httpsProxy: proxy.httpsProxy ?? '',
    noProxy: proxy.noProxy ?? '',
  });
}
