/**
 * The split file of the seed's `downloadRepos.py` (`split_urls/split_url_<i>.txt`): one `<endpoint>/<id>` a
 * line, optionally `@<commit>` (a full 40-hex sha). A line may also name a repo bare, as `hf download` does:
 * `ORG/NAME[@REV]`, REV a branch, a tag or a commit (a branch or tag is resolved to a commit once, by the
 * run). Datasets and spaces are `datasets/ORG/NAME` and `spaces/ORG/NAME`, bare or under the endpoint.
 * Blank lines and `#` comments are ignored. A bad line is a
 * one-line error naming the line number (the line shown cut to 120 characters); nothing is downloaded from
 * a file with a bad line. The file is read as a stream, and a line longer than 4096 bytes is refused as soon
 * as it passes the limit, so `--urls /dev/zero` or a 50 MB line costs no memory.
 */
import { createReadStream } from 'node:fs';
import { UsageError } from '../errors.js';
import { splitRepoKey } from '../repo-key.js';
import { isValidRepoId } from './repo-folder.js';

/** The longest line a urls file may have, in bytes (a URL plus `@<commit>` is far shorter). */
export const MAX_URLS_LINE_BYTES = 4096;
/** How much of a bad line an error shows. */
const SHOWN_CHARS = 120;

export interface UrlsEntry {
  repoId: string;
  /** The commit to pin, when the line gave one (lowercase 40 hex). */
  commit: string | null;
  /** The branch or tag a bare line named (`ORG/NAME@v1.0`), to resolve to a commit; null otherwise. */
  revision: string | null;
  /** 1-based line number in the file (for messages). */
  line: number;
}

/**
 * Parses the text of a split file. Every line must be under `endpoint` (the Hub this run talks to, normalised
 * as the client's is: no trailing slash): a file
 * written against another Hub would pin commits that do not exist here.
 */
export function parseUrlsFile(text: string, endpoint: string, name = 'urls file'): UrlsEntry[] {
  const parser = new UrlsParser(endpoint, name);
  for (const raw of text.split(/\r?\n/)) parser.line(raw);
  return parser.entries;
}

/** Reads and parses a split file as a stream, line by line, each line at most MAX_URLS_LINE_BYTES. */
export async function readUrlsFile(path: string, endpoint: string, name = 'urls file'): Promise<UrlsEntry[]> {
  const parser = new UrlsParser(endpoint, name);
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  let partial: Buffer[] = [];
  let partialBytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
        partial.push(chunk.subarray(start, nl));
        partialBytes += nl - start;
        parser.line(lineText(partial, partialBytes, parser));
        partial = [];
        partialBytes = 0;
        start = nl + 1;
      }
      partial.push(chunk.subarray(start));
      partialBytes += chunk.length - start;
      lineText(partial, partialBytes, parser); // refuses a line past the limit before it grows further
    }
  } finally {
    stream.destroy();
  }
  if (partialBytes > 0) parser.line(lineText(partial, partialBytes, parser));
  return parser.entries;
}

function lineText(parts: Buffer[], bytes: number, parser: UrlsParser): string {
  if (bytes > MAX_URLS_LINE_BYTES) {
    const start = Buffer.concat(parts).subarray(0, SHOWN_CHARS).toString('utf8');
    parser.fail(`longer than ${MAX_URLS_LINE_BYTES} bytes`, start, true);
  }
  return Buffer.concat(parts, bytes).toString('utf8').replace(/\r$/, '');
}

/** Line-by-line parsing state: entries so far and the repos already seen. */
class UrlsParser {
  readonly entries: UrlsEntry[] = [];
  readonly #seen = new Map<string, UrlsEntry>();
  readonly #base: string;
  #line = 0;

  constructor(
    readonly endpoint: string,
    readonly name: string,
  ) {
    // normalised once by download() (no trailing slash)
    this.#base = `${endpoint}/`;
  }

  /** Throws the one-line error for the current line, showing at most SHOWN_CHARS of it. */
  fail(why: string, raw: string, next = false): never {
    const shown = raw.trim();
    const cut = shown.length > SHOWN_CHARS ? `${shown.slice(0, SHOWN_CHARS)}...` : shown;
    throw new UsageError(`${this.name} line ${this.#line + (next ? 1 : 0)}: ${why}: ${JSON.stringify(cut)}`);
  }

  line(raw: string): void {
    this.#line += 1;
    const line = this.#line;
    // A URL has no whitespace, so "# ..." after whitespace is a trailing comment.
    const text = raw.replace(/(^|\s)#.*$/, '').trim();
    if (text === '') return;
    if (/\s/.test(text)) this.fail('one URL a line', raw);
    const bare = !/^[a-z][a-z0-9+.-]*:\/\//i.test(text);
    if (!bare && !text.startsWith(this.#base)) this.fail(`not under the endpoint ${this.endpoint}`, raw);
    let rest = (bare ? text : text.slice(this.#base.length)).replace(/\/+$/, '');
    let commit: string | null = null;
    let revision: string | null = null;
    const at = rest.lastIndexOf('@');
    if (at !== -1) {
      const rev = rest.slice(at + 1);
      rest = rest.slice(0, at);
      if (/^[0-9a-fA-F]{40}$/.test(rev)) commit = rev.toLowerCase();
      else if (bare && rev !== '') revision = rev;
      else this.fail('the commit after "@" must be 40 hex digits', raw);
    }
    if (!isValidRepoId(splitRepoKey(rest).id)) this.fail('not a valid repo id', raw);
    const previous = this.#seen.get(rest);
    if (previous !== undefined) {
      if (previous.commit !== commit || previous.revision !== revision)
        this.fail(`repo listed again (line ${previous.line}) with another commit`, raw);
      return;
    }
    const entry = { repoId: rest, commit, revision, line };
    this.#seen.set(rest, entry);
    this.entries.push(entry);
  }
}
