/**
 * File downloads. `/{id}/resolve/{rev}/{path}`: regular files answer 307 to a relative
 * `/api/resolve-cache/...` URL, LFS files 302 to the signed CDN URL with `X-Linked-Size` and `X-Linked-Etag`;
 * every response, 404s included, carries `X-Repo-Commit` once the revision is known. `/api/resolve-cache/...`
 * serves the bytes (and works without its query string, which huggingface_hub drops). `/{id}/raw/{rev}/{path}`
 * serves the git blob itself (the pointer text for LFS files).
 */
import { textContent } from '../hub/file-content.js';
import { lfsPointerText } from '../hub/git-objects.js';
import type { HubFile, RepoCommit } from '../hub/repo-commits.js';
import type { HubModel } from '../hub/hub-model.js';
import { repoTypePlural, splitRepoKey } from '../../repo-key.js';
import { contentDenial, type Identity } from './auth.js';
import type { Exchange } from './exchange.js';
import type { RepoRoute } from './hub-routes.js';
import { findRepo, findRevision } from './repo-access.js';
import type { ServerState } from './server-state.js';

/** `Content-Disposition` as the Hub sends it (RFC 5987 name plus an ASCII fallback). */
export function contentDisposition(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `inline; filename*=UTF-8''${encodeURIComponent(name)}; filename="${ascii}";`;
}

/** A repo path as URL path segments (slashes kept). */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

async function fileAt(
  state: ServerState,
  ex: Exchange,
  route: RepoRoute,
  identity: Identity,
): Promise<{ commit: RepoCommit; file: HubFile; id: string; model: HubModel } | null> {
  const model = await findRepo(state, ex, route, identity, false);
  if (model === null) return null;
  const commit = await findRevision(state, ex, model, route.revision ?? 'main', false);
  if (commit === null) return null;
  const headers = { 'X-Repo-Commit': commit.sha };
  const denial = contentDenial(identity, model, state.endpoint);
  if (denial !== null) {
    await ex.deny(denial, false, headers);
    return null;
  }
  const file = commit.byPath.get(route.path);
  if (file === undefined) {
    await ex.error(404, { code: 'EntryNotFound', message: 'Entry not found', json: false, headers });
    return null;
  }
  return { commit, file, id: model.id, model };
}

export async function handleResolve(
  state: ServerState,
  ex: Exchange,
  route: RepoRoute,
  identity: Identity,
): Promise<void> {
  const found = await fileAt(state, ex, route, identity);
  if (found === null) return;
  const { commit, file, id, model } = found;
  const common = {
    'X-Repo-Commit': commit.sha,
    'Content-Disposition': contentDisposition(file.path),
    'Accept-Ranges': 'bytes',
  };
  if (route.kind === 'raw') {
    const spec = commit.specs.get(file.path);
    const source =
      file.lfs === null || spec === undefined
        ? spec?.source
        : textContent(lfsPointerText(file.lfs.sha256, file.lfs.size));
    if (source === undefined)
      return ex.error(404, { code: 'EntryNotFound', message: 'Entry not found', json: false });
    return ex.content({ ...common, 'Content-Type': 'text/plain; charset=utf-8' }, source, {
      etag: `"${file.blobId}"`,
    });
  }
  if (file.lfs !== null) {
    const location = state.signer.sign(state.cdnEndpoint, {
      index: model.index,
      commit: commit.number,
      path: file.path,
      sha256: file.lfs.sha256,
      mongoId: model.mongoId,
    });
    // the 302 itself carries the metadata: huggingface_hub reads it without following to the CDN
    return ex.redirect(302, location, {
      ...common,
      'X-Linked-Size': String(file.lfs.size),
      'X-Linked-Etag': `"${file.lfs.sha256}"`,
      'Cache-Control': 'no-store',
    });
  }
  const etag = `"${file.blobId}"`;
  // a dataset's or a space's URLs keep its type: /datasets/{id}/resolve, /api/resolve-cache/datasets/{id}
  const { type } = splitRepoKey(route.repo);
  const typed = type === 'model' ? '' : `${repoTypePlural(type)}/`;
  const original = `/${typed}${id}/resolve/${encodeURIComponent(route.revision ?? 'main')}/${encodePath(file.path)}`;
  const query = new URLSearchParams([
    [original, ''],
    ['etag', etag],
  ]).toString();
  const cache = `/api/resolve-cache/${repoTypePlural(type)}/${id}/${commit.sha}/${encodePath(file.path)}`;
  return ex.redirect(307, `${cache}?${query}`, {
    ...common,
    'X-Linked-Etag': etag,
  });
}

export async function handleResolveCache(
  state: ServerState,
  ex: Exchange,
  route: RepoRoute,
  identity: Identity,
): Promise<void> {
  if (route.revision === null || !/^[0-9a-f]{40}$/.test(route.revision)) {
    // resolve-cache only takes full commit ids
    return ex.error(400, { message: `Invalid commit id: ${route.revision ?? ''}`, json: true });
  }
  const found = await fileAt(state, ex, route, identity);
  if (found === null) return;
  const { commit, file, id } = found;
  const spec = commit.specs.get(file.path);
  if (spec === undefined)
    return ex.error(404, { code: 'EntryNotFound', message: 'Entry not found', json: false });
  return ex.content(
    {
      'X-Repo-Commit': commit.sha,
      'Content-Type': file.lfs === null ? 'text/plain; charset=utf-8' : 'application/octet-stream',
      'Content-Disposition': contentDisposition(file.path),
      'Cache-Control': 'public, max-age=31536000, immutable',
    },
    spec.source,
    { etag: `"${file.lfs?.sha256 ?? file.blobId}"`, fileKey: `${id}/${commit.sha}/${file.path}` },
  );
}
