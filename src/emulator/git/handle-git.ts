/**
 * Git smart HTTP on the Hub origin (`/{id}[.git]/info/refs?service=git-upload-pack`, `/git-upload-pack`):
 * the same visibility and gating answers as the HTTP API, as plain text so that git shows them to its user
 * (`remote: Access to model ... is restricted`), then `git http-backend` over the repo's bare repository.
 * Read only: pushes are refused.
 */
import { contentDenial, repoDenial, type Denial, type Identity } from '../http/auth.js';
import type { Exchange } from '../http/exchange.js';
import type { RepoRoute } from '../http/hub-routes.js';
import type { ServerState } from '../http/server-state.js';
import type { GitRepoStore } from './git-repo-store.js';
import { runHttpBackend } from './run-http-backend.js';

const NOT_FOUND: Denial = { status: 404, code: 'RepoNotFound', message: 'Repository not found', headers: {} };

/**
 * git (through curl) only sends credentials for an authentication scheme the 401 offers, and it speaks Basic
 * (user + token as password); the API's `Bearer` challenge would leave it unable to answer.
 */
function forGit(denial: Denial): Denial {
  if (denial.status !== 401) return denial;
  return {
    ...denial,
    headers: {
      ...denial.headers,
      'WWW-Authenticate': 'Basic realm="Authentication required", charset="UTF-8"',
    },
  };
}

function allowed(ex: Exchange, after: string): boolean {
  if (after === '/git-upload-pack') return ex.method === 'POST';
  if (after === '/info/refs')
    return ex.method === 'GET' && ex.url.searchParams.get('service') === 'git-upload-pack';
  return after === '/HEAD' && ex.method === 'GET';
}

export async function handleGit(
  state: ServerState,
  ex: Exchange,
  route: RepoRoute,
  identity: Identity,
  store: GitRepoStore,
): Promise<void> {
  const found = state.hub.lookup(route.repo);
  const denial = repoDenial(identity, found?.model);
  if (denial !== null || found === undefined) return ex.deny(forGit(denial ?? NOT_FOUND), false);
  if (!found.canonical) {
    // git follows a redirect of its first request and sends the rest to the new base
    return ex.redirect(307, `/${found.model.id}${route.after}${ex.url.search}`);
  }
  const gate = contentDenial(identity, found.model, state.endpoint);
  if (gate !== null) return ex.deny(forGit(gate), false);
  if (!allowed(ex, route.after)) {
    return ex.error(403, { message: 'Only git-upload-pack (clone, fetch) is served', json: false });
  }
  const repoPath = await store.repoPath(found.model);
  ex.answered = true;
  const outcome = await runHttpBackend(
    ex.req,
    ex.res,
    {
      projectRoot: await store.projectRoot(),
      home: await store.home(),
      pathInfo: `${repoPath}${route.after}`,
      query: ex.url.search.replace(/^\?/, ''),
    },
    ex.common,
  );
  if (outcome.status !== 0) state.stats.status(outcome.status);
  state.stats.bodyBytes += outcome.bytes;
}
