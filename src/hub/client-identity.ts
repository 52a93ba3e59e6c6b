/**
 * Who a client is to the Hub, as something that can be stored: `anonymous`, or `token:` and 16 hex digits of
 * a salted sha256 of the token. Two runs with the same token get the same identity; the token cannot be read
 * back from it (and 64 bits of a digest are no help in guessing a 37-character random token).
 */
import { createHash } from 'node:crypto';

/** The identity of a client without a token. */
export const ANONYMOUS = 'anonymous';

export function clientIdentity(token: string | undefined): string {
  if (token === undefined) return ANONYMOUS;
  return `token:${createHash('sha256').update(`hf-torrent identity\0${token}`).digest('hex').slice(0, 16)}`;
}
