/**
 * `GET /api/models/{id}/tree/{rev}[/{path}]` (paginated by Link, 1000 entries a page, 50 with expand) and
 * `POST /api/models/{id}/paths-info/{rev}` (JSON or form body; unknown paths silently omitted).
 */
import type { TreeEntry } from '../hub/git-objects.js';
import type { RepoCommit } from '../hub/repo-commits.js';
import type { SyntheticHub } from '../hub/synthetic-hub.js';
import type { HubModel } from '../hub/hub-model.js';
import type { Identity } from './auth.js';
import type { Exchange } from './exchange.js';
import type { RepoRoute } from './hub-routes.js';
import { findApiRepoAtRevision } from './repo-access.js';
import { queryFlag, type ServerState } from './server-state.js';

export const TREE_PAGE = 1000;
export const TREE_PAGE_EXPANDED = 50;

type Json = Record<string, unknown>;

/** The commit in which `entry` last changed, walking back from `commit` while its oid stays the same. */
function lastCommitOf(hub: SyntheticHub, model: HubModel, commit: RepoCommit, entry: TreeEntry): Json {
  const history = hub.commits(model);
  let at = commit;
  for (let n = commit.number - 1; n >= 0; n--) {
    const older = history[n] as RepoCommit;
    const oid = entry.type === 'file' ? older.byPath.get(entry.path)?.blobId : older.dirs.get(entry.path);
    if (oid !== entry.oid) break;
    at = older;
  }
  return { id: at.sha, title: at.title, date: at.date };
}

function entryJson(
  hub: SyntheticHub,
  model: HubModel,
  commit: RepoCommit,
  entry: TreeEntry,
  expand: boolean,
): Json {
  let out: Json;
  if (entry.type === 'directory') {
    out = { type: 'directory', oid: entry.oid, size: 0, path: entry.path };
  } else {
    const file = commit.byPath.get(entry.path);
    out = { type: 'file', oid: entry.oid, size: file?.size ?? 0, path: entry.path };
    if (file?.lfs)
      out['lfs'] = { oid: file.lfs.sha256, size: file.lfs.size, pointerSize: file.lfs.pointerSize };
  }
  if (expand) {
    out['lastCommit'] = lastCommitOf(hub, model, commit, entry);
    if (entry.type === 'file') out['securityFileStatus'] = { status: 'safe' };
  }
  return out;
}

interface TreeCursor {
  o: number;
}

export async function handleTree(
  state: ServerState,
  ex: Exchange,
  route: RepoRoute,
  identity: Identity,
): Promise<void> {
  const found = await findApiRepoAtRevision(state, ex, route, identity);
  if (found === null) return;
  const { model, commit } = found;
  const params = ex.url.searchParams;
  const recursive = queryFlag(params, 'recursive');
  const expand = queryFlag(params, 'expand');
  const folder = route.path;
  if (folder !== '' && !commit.dirs.has(folder)) {
    return ex.error(404, {
      code: 'EntryNotFound',
      message: `Entry not found: ${folder}`,
      json: true,
      headers: { 'X-Repo-Commit': commit.sha },
    });
  }
  const prefix = folder === '' ? '' : `${folder}/`;
  const depth = folder === '' ? 0 : folder.split('/').length;
  const entries = commit.entries.filter(
    (e) => e.path.startsWith(prefix) && (recursive || e.path.split('/').length === depth + 1),
  );
  const pageSize = Math.min(
    expand ? TREE_PAGE_EXPANDED : TREE_PAGE,
    Math.max(1, Number.parseInt(params.get('limit') ?? '', 10) || TREE_PAGE),
  );
  let offset = 0;
  const cursorText = params.get('cursor');
  if (cursorText !== null) {
    try {
      offset = (JSON.parse(Buffer.from(cursorText, 'base64url').toString('utf8')) as TreeCursor).o;
    } catch {
      offset = NaN;
    }
    if (!Number.isInteger(offset) || offset < 0)
      return ex.error(400, { message: 'Invalid cursor', json: true });
  }
  const page = entries
    .slice(offset, offset + pageSize)
    .map((e) => entryJson(state.hub, model, commit, e, expand));
  const headers: Record<string, string> = {};
  if (offset + pageSize < entries.length) {
    const next = new URLSearchParams([...params].filter(([key]) => key !== 'cursor'));
    next.append('cursor', Buffer.from(JSON.stringify({ o: offset + pageSize })).toString('base64url'));
    headers['Link'] = `<${ex.origin}${ex.url.pathname}?${next.toString()}>; rel="next"`;
  }
  return ex.json(200, page, headers);
}

const MAX_BODY = 4 * 1024 * 1024;

async function readBody(ex: Exchange): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ex.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new RangeError('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `paths` and `expand` from a JSON body (huggingface.js) or a form body (huggingface_hub sends `data=`). */
export function parsePathsInfoBody(
  contentType: string,
  body: string,
): { paths: string[]; expand: boolean } | null {
  if (contentType.includes('application/json')) {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return null;
    }
    if (typeof value !== 'object' || value === null) return null;
    const { paths, expand } = value as { paths?: unknown; expand?: unknown };
    const list =
      typeof paths === 'string'
        ? [paths]
        : Array.isArray(paths)
          ? paths.filter((p): p is string => typeof p === 'string')
          : null;
    if (list === null) return null;
    return {
      paths: list,
      expand: expand === true || (typeof expand === 'string' && /^(true|1)$/i.test(expand)),
    };
  }
  const form = new URLSearchParams(body);
  return { paths: form.getAll('paths'), expand: /^(true|1)$/i.test(form.get('expand') ?? '') };
}

export async function handlePathsInfo(
  state: ServerState,
  ex: Exchange,
  route: RepoRoute,
  identity: Identity,
): Promise<void> {
  if (ex.method !== 'POST')
    return ex.error(405, { message: 'Method not allowed', json: true, headers: { Allow: 'POST' } });
  const found = await findApiRepoAtRevision(state, ex, route, identity);
  if (found === null) return;
  const { model, commit } = found;
  let parsed: { paths: string[]; expand: boolean } | null;
  try {
    parsed = parsePathsInfoBody(ex.req.headers['content-type'] ?? '', await readBody(ex));
  } catch {
    parsed = null;
  }
  if (parsed === null) return ex.error(400, { message: '"paths" must be an array of strings', json: true });
  const byPath = new Map(commit.entries.map((e) => [e.path, e]));
  const out: Json[] = [];
  for (const path of new Set(parsed.paths.map((p) => p.replace(/^\/+|\/+$/g, '')))) {
    const entry = byPath.get(path);
    if (entry !== undefined) out.push(entryJson(state.hub, model, commit, entry, parsed.expand));
  }
  return ex.json(200, out);
}
