/**
 * A small HTTP proxy on loopback for tests: tunnels `CONNECT host:port` (what undici's ProxyAgent sends, for
 * http and https targets alike) and forwards absolute-form requests (`GET http://host/path`), recording the
 * target of each. Enough to prove which requests went through a proxy; nothing more.
 */
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { listenOnLoopback } from './listen.js';

export interface ForwardProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `host:port` of every request or tunnel it carried, in order. */
  targets: string[];
  /** `host:port` of the absolute-form requests (curl's, so git's, for http:// targets) among them. */
  forwarded: string[];
  close: () => Promise<void>;
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const targets: string[] = [];
  const forwarded: string[] = [];
  const server = createServer((req, res) => {
    // absolute-form: GET http://host:port/path
    const target = new URL(req.url ?? '');
    targets.push(target.host);
    forwarded.push(target.host);
    const upstream = httpRequest(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const tunnels = new Set<{ destroy: () => void }>();
  server.on('connect', (req, socket, head) => {
    tunnels.add(socket);
    socket.on('close', () => tunnels.delete(socket));
    const authority = req.url ?? '';
    targets.push(authority);
    const colon = authority.lastIndexOf(':');
    const upstream = connect(Number(authority.slice(colon + 1)), authority.slice(0, colon), () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const drop = (): void => {
      upstream.destroy();
      socket.destroy();
    };
    upstream.on('error', drop);
    socket.on('error', drop);
    socket.on('close', () => upstream.destroy());
  });
  const listening = await listenOnLoopback(server);
  const close = async (): Promise<void> => {
    // tunnels are no longer the server's connections: they go by hand
    for (const socket of tunnels) socket.destroy();
    await listening.close();
  };
  return { url: listening.origin, targets, forwarded, close };
}
