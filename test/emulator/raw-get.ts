/** A GET that reports what actually arrived on the wire, even when the connection breaks mid-body. */
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
  /** The error that ended the body early (reset, premature close), or null when it ended normally. */
  error: Error | null;
}

export function rawGet(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  return new Promise((resolve) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let settled = false;
      const finish = (error: Error | null): void => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks), error });
      };
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => finish(res.complete ? null : new Error('premature end')));
      res.on('error', (error) => finish(error));
      res.on('close', () =>
        finish(res.complete ? null : new Error('connection closed before the body ended')),
      );
    });
    // a reset can also arrive before the headers were read: report it as a response that never came
    req.on('error', (error) => resolve({ status: 0, headers: {}, bytes: Buffer.alloc(0), error }));
    req.end();
  });
}
