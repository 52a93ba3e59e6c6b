/** `GET /api/models/{id}[/revision/{rev}]`, `/refs` and `/commits/{rev}`. */
import { expandErrorMessage, invalidExpand, modelInfoBody, type ExpandProperty } from '../hub/model-views.js';
import type { Identity } from './auth.js';
import type { Exchange } from './exchange.js';
import type { RepoRoute } from './hub-routes.js';
import { findApiRepoAtRevision, findRepo, findRevision } from './repo-access.js';
import { expandValues, queryFlag, type ServerState } from './server-state.js';

export async function handleModelInfo(
  state: ServerState,
  ex: Exchange,
  route: RepoRoute,
  identity: Identity,
): Promise<void> {
  const model = await findRepo(state, ex, route, identity, true);
  if (model === null) return;
  const expand = expandValues(ex.url.searchParams);
  if (expand !== null) {
    const bad = invalidExpand(expand);
    if (bad !== null) return ex.error(400, { message: expandErrorMessage(expand.indexOf(bad)), json: true });
  }
  const commit = await findRevision(state, ex, model, route.revision ?? 'main', true);
  if (commit === null) return;
  const body = modelInfoBody(state.hub, model, commit, {
    blobs: queryFlag(ex.url.searchParams, 'blobs'),
    expand: expand === null ? null : ([...new Set(expand)] as ExpandProperty[]),
  });
  return ex.json(200, body);
}

export async function handleRefs(
  state: ServerState,
  ex: Exchange,
  route: RepoRoute,
  identity: Identity,
): Promise<void> {
  const model = await findRepo(state, ex, route, identity, true);
  if (model === null) return;
  const body: Record<string, unknown> = {
    branches: [{ name: 'main', ref: 'refs/heads/main', targetCommit: state.hub.currentSha(model) }],
    tags: [],
    converts: [],
  };
  if (queryFlag(ex.url.searchParams, 'include_prs')) body['pullRequests'] = [];
  return ex.json(200, body);
}

/** Commits from the revision back to the first, newest first; `p` and `limit` paginate like the Hub. */
export async function handleCommits(
  state: ServerState,
  ex: Exchange,
  route: RepoRoute,
  identity: Identity,
): Promise<void> {
  const found = await findApiRepoAtRevision(state, ex, route, identity);
  if (found === null) return;
  const { model, commit } = found;
  const history = state.hub
    .commits(model)
    .slice(0, commit.number + 1)
    .reverse();
  const params = ex.url.searchParams;
  const limit = Math.min(100, Math.max(1, Number.parseInt(params.get('limit') ?? '50', 10) || 50));
  const page = Math.max(0, Number.parseInt(params.get('p') ?? '0', 10) || 0);
  const items = history.slice(page * limit, (page + 1) * limit).map((c) => ({
    id: c.sha,
    title: c.title,
    message: '',
    authors: [{ user: c.authorName }],
    date: c.date,
  }));
  const headers: Record<string, string> = { 'X-Total-Count': String(history.length) };
  if ((page + 1) * limit < history.length) {
    const next = new URLSearchParams(params);
    next.set('p', String(page + 1));
    next.set('limit', String(limit));
    headers['Link'] = `<${ex.origin}${ex.url.pathname}?${next.toString()}>; rel="next"`;
  }
  return ex.json(200, items, headers);
}
