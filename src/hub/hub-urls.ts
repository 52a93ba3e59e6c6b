/**
 * Every Hub URL the client builds, in one place. Encoding rules (reference §2.1, §3): the repo id keeps its
 * `/`; a revision is encoded with no safe characters (`refs/pr/1` -> `refs%2Fpr%2F1`); a file path keeps
 * its `/` and has each segment encoded (spaces, `#`, `?`, non-ASCII).
 */
import { ConfigError } from '../errors.js';
import { repoTypePlural, splitRepoKey } from '../repo-key.js';
import type { ListModelsQuery } from './hub-client.js';

/**
 * The endpoint as every request uses it: an http(s) URL without query, fragment or credentials, its trailing
 * slashes stripped. The one check of an endpoint: config.ts labels it with where the value came from.
 * Throws ConfigError naming `source`.
 */
export function normalizeEndpoint(endpoint: string, source = 'the Hub endpoint'): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigError(`${source}: not a URL: ${JSON.stringify(endpoint)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${source}: must be an http or https URL, got ${JSON.stringify(endpoint)}`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ConfigError(
      `${source}: must not carry a query, fragment or credentials: ${JSON.stringify(endpoint)}`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** `namespace/name` with each segment encoded and the slash kept. */
export function encodeRepoId(repoId: string): string {
  return repoId.split('/').map(encodeURIComponent).join('/');
}

/**
 * `{endpoint}/api/models/{id}`, `/api/datasets/{id}` or `/api/spaces/{id}` for a repo key (repo-key.ts):
 * the API root of one repo, which info, tree, commits and refs extend.
 */
export function repoApiUrl(endpoint: string, repoKey: string): string {
  const { type, id } = splitRepoKey(repoKey);
  return `${endpoint}/api/${repoTypePlural(type)}/${encodeRepoId(id)}`;
}

/** A path inside a repo: each `/`-separated segment encoded. */
export function encodeRepoPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function listModelsUrl(endpoint: string, query: ListModelsQuery): string {
  const params = new URLSearchParams();
  if (query.search !== undefined) params.append('search', query.search);
  if (query.author !== undefined) params.append('author', query.author);
  for (const tag of query.filter ?? []) params.append('filter', tag);
  if (query.sort !== undefined) params.append('sort', query.sort);
  if (query.limit !== undefined) params.append('limit', String(query.limit));
  // The Hub takes `expand` repeated, one value per parameter.
  for (const property of query.expand ?? []) params.append('expand', property);
  if (query.full === true) params.append('full', 'true');
  if (query.cardData === true) params.append('cardData', 'true');
  if (query.config === true) params.append('config', 'true');
  const search = params.toString();
  return `${endpoint}/api/models${search === '' ? '' : `?${search}`}`;
}

export function modelInfoUrl(
  endpoint: string,
  repoId: string,
  options: { revision?: string; blobs?: boolean; expand?: string[] } = {},
): string {
  let url = repoApiUrl(endpoint, repoId);
  if (options.revision !== undefined) url += `/revision/${encodeURIComponent(options.revision)}`;
  const params = new URLSearchParams();
  if (options.blobs === true) params.append('blobs', 'true');
  for (const property of options.expand ?? []) params.append('expand', property);
  const search = params.toString();
  return search === '' ? url : `${url}?${search}`;
}

export function treeUrl(endpoint: string, repoId: string, revision: string): string {
  return `${repoApiUrl(endpoint, repoId)}/tree/${encodeURIComponent(revision)}?recursive=true`;
}

export function resolveUrl(endpoint: string, repoId: string, revision: string, path: string): string {
  return `${endpoint}/${encodeRepoId(repoId)}/resolve/${encodeURIComponent(revision)}/${encodeRepoPath(path)}`;
}

/**
 * A URL fit for messages and events: URLs off the endpoint's origin (CDN) carry signatures in their query,
 * which we drop; userinfo is always dropped.
 */
export function redactUrl(url: string | URL, endpointOrigin: string): string {
  // The common case (every request event): a parsed URL with nothing to drop needs no copy.
  if (typeof url !== 'string' && url.username === '' && url.password === '' && url.hash === '') {
    if (url.search === '' || url.origin === endpointOrigin) return url.href;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '<invalid url>';
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  if (parsed.origin !== endpointOrigin && parsed.search !== '') {
    return `${parsed.origin}${parsed.pathname}?<redacted>`;
  }
  return parsed.toString();
}
