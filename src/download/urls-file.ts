/**
 * The split file of the seed's `downloadRepos.py` (`split_urls/split_url_<i>.txt`): one `<endpoint>/<id>` a
 * line, optionally `@<commit>` (a full 40-hex sha). Blank lines and `#` comments are ignored. A bad line is a
 * one-line error naming the line number; nothing is downloaded from a file with a bad line.
 */
import { UsageError } from '../errors.js';
import { isValidRepoId } from './repo-folder.js';

export interface UrlsEntry {
  repoId: string;
  /** The commit to pin, when the line gave one (lowercase 40 hex). */
  commit: string | null;
  /** 1-based line number in the file (for messages). */
  line: number;
}

/**
 * Parses the text of a split file. Every line must be under `endpoint` (the Hub this run talks to): a file
 * written against another Hub would pin commits that do not exist here.
 */
export function parseUrlsFile(text: string, endpoint: string, name = 'urls file'): UrlsEntry[] {
  const base = endpoint.replace(/\/+$/, '') + '/';
  const entries: UrlsEntry[] = [];
  const seen = new Map<string, UrlsEntry>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const fail = (why: string): never => {
      throw new UsageError(`${name} line ${line}: ${why}: ${JSON.stringify(raw.trim())}`);
    };
    // A URL has no whitespace, so "# ..." after whitespace is a trailing comment.
    const text = raw.replace(/(^|\s)#.*$/, '').trim();
    if (text === '') return;
    if (/\s/.test(text)) fail('one URL a line');
    if (!text.startsWith(base)) fail(`not under the endpoint ${endpoint}`);
    let rest = text.slice(base.length).replace(/\/+$/, '');
    let commit: string | null = null;
    const at = rest.lastIndexOf('@');
    if (at !== -1) {
      commit = rest.slice(at + 1).toLowerCase();
      rest = rest.slice(0, at);
      if (!/^[0-9a-f]{40}$/.test(commit)) fail('the commit after "@" must be 40 hex digits');
    }
    if (!isValidRepoId(rest)) fail('not a valid repo id');
    const previous = seen.get(rest);
    if (previous !== undefined) {
      if (previous.commit !== commit) fail(`repo listed again (line ${previous.line}) with another commit`);
      return;
    }
    const entry = { repoId: rest, commit, line };
    seen.set(rest, entry);
    entries.push(entry);
  });
  return entries;
}
