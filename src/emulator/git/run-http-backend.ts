/**
 * Serves one git smart-HTTP request through `git http-backend` (CGI): the request body streams into its
 * stdin, its header block becomes the response head, and the rest of its stdout streams out as the body.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCgiHead } from './cgi-headers.js';
import { serverGitEnvironment } from './run-git.js';
import { drained } from '../http/drained.js';

export interface CgiRequest {
  /** `GIT_PROJECT_ROOT`: the folder holding the bare repos. */
  projectRoot: string;
  /** HOME of the git process. */
  home: string;
  /** `PATH_INFO`, e.g. `/12.git/info/refs`. */
  pathInfo: string;
  /** The query string without `?`. */
  query: string;
}

export interface CgiOutcome {
  status: number;
  /** Body bytes written to the client. */
  bytes: number;
}

/** Header block of git http-backend, bounded: it is a handful of short lines. */
const MAX_HEAD_BYTES = 64 * 1024;

export async function runHttpBackend(
  req: IncomingMessage,
  res: ServerResponse,
  cgi: CgiRequest,
  extraHeaders: Record<string, string>,
): Promise<CgiOutcome> {
  // the client may have hung up already (e.g. while a delay fault held the request)
  if (res.destroyed) return { status: 0, bytes: 0 };
  const env: Record<string, string> = {
    ...serverGitEnvironment(cgi.home),
    GIT_PROJECT_ROOT: cgi.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: cgi.pathInfo,
    QUERY_STRING: cgi.query,
    REQUEST_METHOD: req.method ?? 'GET',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
  };
  const header = (name: string): string | undefined => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const contentType = header('content-type');
  if (contentType !== undefined) env.CONTENT_TYPE = contentType;
  const contentLength = header('content-length');
  if (contentLength !== undefined) env.CONTENT_LENGTH = contentLength;
  // git gzips large negotiation bodies; protocol v2 is asked for with the Git-Protocol header
  const encoding = header('content-encoding');
  if (encoding !== undefined) env.HTTP_CONTENT_ENCODING = encoding;
  const protocol = header('git-protocol');
  if (protocol !== undefined) env.HTTP_GIT_PROTOCOL = protocol;

  const child = spawn('git', ['http-backend'], {
    cwd: cgi.projectRoot,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 64) stderr.push(chunk);
  });
  child.stdin.on('error', () => undefined);
  req.pipe(child.stdin);
  // a client that hangs up stops the backend
  const onClose = (): void => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  res.on('close', onClose);

  let head: Buffer = Buffer.alloc(0);
  let status = 0;
  let bytes = 0;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      if (status === 0) {
        head = Buffer.concat([head, chunk]);
        const parsed = parseCgiHead(head);
        if (parsed === null) {
          if (head.length > MAX_HEAD_BYTES) throw new Error('git http-backend sent no header block');
          continue;
        }
        status = parsed.status;
        const headers: Record<string, string> = { ...extraHeaders };
        for (const [name, value] of parsed.headers) headers[name] = value;
        res.writeHead(status, headers);
        if (parsed.rest.length === 0) continue;
        bytes += parsed.rest.length;
        if (!res.write(parsed.rest)) await drained(res);
        continue;
      }
      if (res.destroyed) break;
      bytes += chunk.length;
      if (!res.write(chunk)) await drained(res);
    }
    const [code, signal] = await exited;
    if (status === 0) {
      const why = Buffer.concat(stderr).toString('utf8').trim();
      throw new Error(`git http-backend ended without a response (${signal ?? `exit ${code}`}): ${why}`);
    }
    res.end();
    return { status, bytes };
  } finally {
    res.off('close', onClose);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
