/** Finding the repo and revision a request names, answering the Hub's way when it cannot be had. */
import type { HubModel } from '../hub/hub-model.js';
import type { RepoCommit } from '../hub/repo-commits.js';
import { repoDenial, type Identity } from './auth.js';
import type { Exchange } from './exchange.js';
import type { RepoRoute } from './hub-routes.js';
import type { ServerState } from './server-state.js';

/**
 * The model the route names, or null after answering: 401/404 when the caller may not see it, 307 with a
 * relative Location (query string kept) when the id is a legacy alias or differs only in case.
 */
export async function findRepo(
  state: ServerState,
  ex: Exchange,
  route: RepoRoute,
  identity: Identity,
  json: boolean,
): Promise<HubModel | null> {
  const found = state.hub.lookupRepo(route.repo);
  const denial = repoDenial(identity, found?.model);
  if (denial !== null || found === undefined) {
    await ex.deny(
      denial ?? { status: 404, code: 'RepoNotFound', message: 'Repository not found', headers: {} },
      json,
    );
    return null;
  }
  if (!found.canonical) {
    // the Hub redirects legacy and case-mismatched ids to the canonical one, keeping the query string
    await ex.redirect(307, `${route.before}${found.model.id}${route.after}${ex.url.search}`, {
      Vary: 'Origin, Accept',
    });
    return null;
  }
  return found.model;
}

/** The commit a revision names, or null after a 404 `RevisionNotFound`. */
export async function findRevision(
  state: ServerState,
  ex: Exchange,
  model: HubModel,
  revision: string,
  json: boolean,
): Promise<RepoCommit | null> {
  const commit = state.hub.resolveRevision(model, revision);
  if (commit !== undefined) return commit;
  await ex.error(404, { code: 'RevisionNotFound', message: `Invalid rev id: ${revision}`, json });
  return null;
}

/**
 * The repo and the commit an API route names (`main` when it names none), or null after answering as the Hub
 * does (401/404/307 for the repo, 404 `RevisionNotFound` for the revision). JSON error bodies: API routes only.
 */
export async function findApiRepoAtRevision(
  state: ServerState,
  ex: Exchange,
  route: RepoRoute,
  identity: Identity,
): Promise<{ model: HubModel; commit: RepoCommit } | null> {
  const model = await findRepo(state, ex, route, identity, true);
  if (model === null) return null;
  const commit = await findRevision(state, ex, model, route.revision ?? 'main', true);
  return commit === null ? null : { model, commit };
}
