/**
 * Wire -> domain for a repo's history: `GET /api/models/{id}/commits/{rev}` items
 * (`{id, title, message, authors: [{user}], date}`) and `GET /api/models/{id}/refs`
 * (`{branches, tags, converts, pullRequests?}`, each `{name, ref, targetCommit}`).
 */
import type { RepoCommitInfo, RepoRef } from '../../types.js';
import type { WireReader } from './wire-reader.js';

export function mapCommit(item: unknown, reader: WireReader, where: string): RepoCommitInfo {
  const raw = reader.object(item, where);
  const authors: string[] = [];
  for (const [i, a] of (reader.optArray(raw, 'authors', where) ?? []).entries()) {
    const author = reader.object(a, `${where}.authors[${i}]`);
    const user = reader.optString(author, 'user', `${where}.authors[${i}]`);
    if (user !== null) authors.push(user);
  }
  return {
    id: reader.string(raw, 'id', where),
    title: reader.optString(raw, 'title', where) ?? '',
    message: reader.optString(raw, 'message', where) ?? '',
    authors,
    date: reader.optString(raw, 'date', where),
  };
}

const REF_KINDS = [
  ['branches', 'branch'],
  ['tags', 'tag'],
  ['converts', 'convert'],
  ['pullRequests', 'pull_request'],
] as const;

export function mapRefs(json: unknown, reader: WireReader): RepoRef[] {
  const raw = reader.object(json, 'the refs');
  const refs: RepoRef[] = [];
  for (const [key, kind] of REF_KINDS) {
    for (const [i, entry] of (reader.optArray(raw, key, 'refs') ?? []).entries()) {
      const where = `refs.${key}[${i}]`;
      const ref = reader.object(entry, where);
      refs.push({
        kind,
        name: reader.string(ref, 'name', where),
        ref: reader.optString(ref, 'ref', where) ?? '',
        targetCommit: reader.string(ref, 'targetCommit', where),
      });
    }
  }
  return refs;
}
