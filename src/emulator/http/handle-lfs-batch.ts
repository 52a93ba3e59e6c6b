/**
 * `POST /{id}.git/info/lfs/objects/batch` (Git LFS batch API, download operation): each known object gets a
 * `download` action pointing at the CDN origin; unknown ones an object-level 404 error, as git-lfs expects.
 */
import { contentDenial, repoDenial, type Identity } from './auth.js';
import type { Exchange } from './exchange.js';
import type { RepoRoute } from './hub-routes.js';
import type { ServerState } from './server-state.js';

const LFS_JSON = 'application/vnd.git-lfs+json';

interface BatchRequest {
  operation?: unknown;
  objects?: unknown;
}

async function readJson(ex: Exchange): Promise<BatchRequest | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ex.req) {
    size += (chunk as Buffer).length;
    if (size > 8 * 1024 * 1024) return null;
    chunks.push(chunk as Buffer);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as BatchRequest) : null;
  } catch {
    return null;
  }
}

function lfsError(
  ex: Exchange,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Promise<void> {
  return ex.send(
    status,
    { 'Content-Type': LFS_JSON, ...headers },
    {
      chunks: [Buffer.from(JSON.stringify({ message }))],
      length: Buffer.byteLength(JSON.stringify({ message })),
    },
  );
}

export async function handleLfsBatch(
  state: ServerState,
  ex: Exchange,
  route: RepoRoute,
  identity: Identity,
): Promise<void> {
  if (ex.method !== 'POST') return lfsError(ex, 405, 'Method not allowed');
  const found = state.hub.lookup(route.repo);
  const denial = repoDenial(identity, found?.model);
  if (denial !== null || found === undefined) {
    return lfsError(
      ex,
      denial?.status ?? 404,
      denial?.message ?? 'Repository not found',
      denial?.headers ?? {},
    );
  }
  const model = found.model;
  const gate = contentDenial(identity, model, state.endpoint);
  if (gate !== null)
    return lfsError(ex, gate.status, gate.message, gate.code === null ? {} : { 'X-Error-Code': gate.code });
  const request = await readJson(ex);
  if (request === null || !Array.isArray(request.objects)) return lfsError(ex, 422, 'Invalid batch request');
  if (request.operation !== 'download')
    return lfsError(ex, 403, 'Only downloads are served by this emulator');
  // every LFS object of every commit, by oid
  const known = new Map<string, { commit: number; path: string; size: number }>();
  for (const commit of state.hub.commits(model)) {
    for (const file of commit.files)
      if (file.lfs !== null)
        known.set(file.lfs.sha256, { commit: commit.number, path: file.path, size: file.lfs.size });
  }
  const objects = (request.objects as Array<{ oid?: unknown; size?: unknown }>).map((object) => {
    const oid = typeof object.oid === 'string' ? object.oid : '';
    const size = typeof object.size === 'number' ? object.size : 0;
    const hit = known.get(oid);
    if (hit === undefined) return { oid, size, error: { code: 404, message: 'Object does not exist' } };
    const href = state.signer.sign(state.cdnEndpoint, {
      index: model.index,
      commit: hit.commit,
      path: hit.path,
      sha256: oid,
      mongoId: model.mongoId,
    });
    return {
      oid,
      size: hit.size,
      authenticated: true,
      actions: { download: { href, expires_in: state.cdnUrlTtlSeconds } },
    };
  });
  const body = Buffer.from(JSON.stringify({ transfer: 'basic', objects, hash_algo: 'sha256' }));
  return ex.send(200, { 'Content-Type': LFS_JSON }, { chunks: [body], length: body.length });
}
