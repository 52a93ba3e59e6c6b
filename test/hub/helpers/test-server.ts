/**
 * A real HTTP server on 127.0.0.1:0 for client-behaviour tests: the handler sees the 1-based request
 * number, so it can change behaviour per attempt (drop the socket, then 500, then 200). Every request's
 * method, URL and headers are recorded.
 */
import { listenOnLoopback } from '../../helpers/listen.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => unknown;

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    Promise.resolve(handler(req, res, requests.length)).catch((error: unknown) => {
      res.statusCode = 599;
      res.end(String(error));
    });
  });
  const { origin, close } = await listenOnLoopback(server);
  return {
    origin,
    requests,
    close,
  };
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Kills the connection without an answer (a reset as the client sees it). */
export function dropSocket(req: IncomingMessage): void {
  req.socket.destroy();
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
