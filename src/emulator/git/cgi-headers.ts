/**
 * The header block a CGI program (git http-backend) writes before its body: `Name: value` lines, an optional
 * `Status: 404 Not Found`, then an empty line.
 */

export interface CgiHead {
  status: number;
  headers: Array<[string, string]>;
  /** Bytes after the header block (the start of the body). */
  rest: Buffer;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');

/** Parses the header block at the start of `buffer`, or returns null while it is incomplete. */
export function parseCgiHead(buffer: Buffer): CgiHead | null {
  const crlf = buffer.indexOf(CRLFCRLF);
  const lf = buffer.indexOf(LFLF);
  let end: number;
  let skip: number;
  if (crlf >= 0 && (lf < 0 || crlf < lf)) {
    end = crlf;
    skip = 4;
  } else if (lf >= 0) {
    end = lf;
    skip = 2;
  } else {
    return null;
  }
  let status = 200;
  const headers: Array<[string, string]> = [];
  for (const line of buffer.subarray(0, end).toString('latin1').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`malformed CGI header line ${JSON.stringify(line)}`);
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      const code = Number.parseInt(value, 10);
      if (!Number.isInteger(code) || code < 100 || code > 599) throw new Error(`bad CGI status ${value}`);
      status = code;
    } else {
      headers.push([name, value]);
    }
  }
  return { status, headers, rest: buffer.subarray(end + skip) };
}
