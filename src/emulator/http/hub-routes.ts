/**
 * Which Hub endpoint a path names. Repo ids are one segment (legacy) or two, with a literal `/`; revisions and
 * paths may arrive raw (huggingface.js) or percent-encoded with no safe characters (huggingface_hub), so each
 * raw segment is decoded on its own and a revision or path segment may itself contain `/` once decoded.
 */
import type { RequestKind } from './request-kind.js';

export interface RepoRoute {
  kind: Exclude<RequestKind, 'list' | 'cdn' | 'page' | 'other'>;
  /** The repo as requested (decoded): its id, prefixed `datasets/` or `spaces/` for those (src/repo-key.ts). */
  repo: string;
  /** Raw path before and after the repo id, to rebuild the URL around a canonical id (307). */
  before: string;
  after: string;
  /** Decoded revision, when the endpoint takes one (null: the endpoint's default). */
  revision: string | null;
  /** Decoded file or folder path within the repo ('' for the root). */
  path: string;
}

export type Route =
  | RepoRoute
  | { kind: 'list' }
  | { kind: 'page' }
  | { kind: 'other' }
  /** A percent-encoding the server cannot decode. */
  | { kind: 'malformed' };

const API_OPERATIONS = new Set(['revision', 'tree', 'paths-info', 'refs', 'commits', 'treesize']);
const SHA = /^[0-9a-f]{40}$/;

class Malformed extends Error {}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new Malformed(segment);
  }
}

function decodeAll(segments: readonly string[]): string {
  return segments.map(decode).join('/');
}

export function routeHub(pathname: string): Route {
  try {
    return route(pathname);
  } catch (error) {
    if (error instanceof Malformed) return { kind: 'malformed' };
    throw error;
  }
}

const TYPE_PREFIXES = new Set(['datasets', 'spaces']);

function route(pathname: string): Route {
  const s = pathname.split('/').slice(1);
  if (s[0] === 'api') {
    if (s[1] === 'models' && (s.length === 2 || (s.length === 3 && s[2] === ''))) return { kind: 'list' };
    if (s[1] === 'models') return apiModelRoute(s.slice(2));
    if (TYPE_PREFIXES.has(s[1] ?? '') && (s[2] ?? '') !== '')
      return typed(s[1] as string, apiModelRoute(s.slice(2)));
    if (s[1] === 'resolve-cache' && s[2] === 'models') return resolveCacheRoute(s.slice(3));
    if (s[1] === 'resolve-cache' && TYPE_PREFIXES.has(s[2] ?? '')) {
      return typed(s[2] as string, resolveCacheRoute(s.slice(3)));
    }
    return { kind: 'other' };
  }
  // datasets and spaces resolve under their type's prefix: /datasets/{id}/resolve/{rev}/{path}
  if (TYPE_PREFIXES.has(s[0] ?? '') && (s[2] === 'resolve' || s[3] === 'resolve')) {
    const inner = route(`/${s.slice(1).join('/')}`);
    return inner.kind === 'resolve' ? typed(s[0] as string, inner) : { kind: 'page' };
  }
  // /{id}.git/info/lfs/objects/batch and git smart HTTP (/{id}[.git]/info/refs, /git-upload-pack)
  const lfsAt = s.findIndex((seg, i) => seg === 'info' && s[i + 1] === 'lfs');
  if (lfsAt === 1 || lfsAt === 2) {
    const idSegments = s.slice(0, lfsAt);
    return repoRoute(
      'lfs-batch',
      idSegments
        .map(decode)
        .join('/')
        .replace(/\.git$/, ''),
      '/',
      `/${s.slice(lfsAt).join('/')}`,
      null,
      '',
    );
  }
  for (const at of [1, 2]) {
    const op = s[at];
    if (op === 'resolve' || op === 'raw') {
      const id = decodeAll(s.slice(0, at));
      const revision = s[at + 1];
      if (revision === undefined) return { kind: 'page' };
      return repoRoute(
        op,
        id,
        '/',
        `/${s.slice(at).join('/')}`,
        decode(revision),
        decodeAll(s.slice(at + 2)),
      );
    }
    if ((op === 'info' && s[at + 1] === 'refs') || op === 'git-upload-pack' || op === 'HEAD') {
      return repoRoute(
        'git',
        decodeAll(s.slice(0, at)).replace(/\.git$/, ''),
        '/',
        `/${s.slice(at).join('/')}`,
        null,
        '',
      );
    }
  }
  return { kind: 'page' };
}

/** A route of a dataset or a space: the same endpoint under the type's prefix. */
function typed(prefix: string, inner: Route): Route {
  if (!('repo' in inner)) return inner;
  const before = inner.before.startsWith('/api/')
    ? inner.before.replace(/^\/api\/(models\/|resolve-cache\/models\/)/, (m) => m.replace('models', prefix))
    : `/${prefix}/`;
  return { ...inner, repo: `${prefix}/${inner.repo}`, before };
}

function repoRoute(
  kind: RepoRoute['kind'],
  repo: string,
  before: string,
  after: string,
  revision: string | null,
  path: string,
): RepoRoute {
  return { kind, repo, before, after, revision, path };
}

function apiModelRoute(s: string[]): Route {
  let idLength = 2;
  if (s.length === 1 || API_OPERATIONS.has(s[1] ?? '')) idLength = 1;
  const id = decodeAll(s.slice(0, idLength));
  const op = s[idLength];
  const rest = s.slice(idLength + 1);
  const after = s.length > idLength ? `/${s.slice(idLength).join('/')}` : '';
  const at = (kind: RepoRoute['kind'], revision: string | null, path = ''): Route =>
    repoRoute(kind, id, '/api/models/', after, revision, path);
  switch (op) {
    case undefined:
    case '':
      return at('info', null);
    case 'revision':
      return rest.length === 0 ? { kind: 'other' } : at('info', decodeAll(rest));
    case 'tree':
      return rest.length === 0
        ? { kind: 'other' }
        : at('tree', decode(rest[0] as string), decodeAll(rest.slice(1)).replace(/\/+$/, ''));
    case 'paths-info':
      return rest.length === 0 ? { kind: 'other' } : at('paths-info', decodeAll(rest));
    case 'refs':
      return at('refs', null);
    case 'commits':
      return at('commits', rest.length === 0 ? 'main' : decodeAll(rest));
    default:
      return { kind: 'other' };
  }
}

function resolveCacheRoute(s: string[]): Route {
  // /api/resolve-cache/models/{id}/{commit}/{path}: the commit is the first 40-hex segment after the id
  const shaAt = SHA.test(s[1] ?? '') ? 1 : SHA.test(s[2] ?? '') ? 2 : -1;
  if (shaAt < 0) {
    // a branch name where the commit belongs: the Hub answers 400
    return repoRoute(
      'resolve-cache',
      decodeAll(s.slice(0, 2)),
      '/api/resolve-cache/models/',
      `/${s.slice(2).join('/')}`,
      decode(s[2] ?? ''),
      decodeAll(s.slice(3)),
    );
  }
  return repoRoute(
    'resolve-cache',
    decodeAll(s.slice(0, shaAt)),
    '/api/resolve-cache/models/',
    `/${s.slice(shaAt).join('/')}`,
    s[shaAt] as string,
    decodeAll(s.slice(shaAt + 1)),
  );
}
