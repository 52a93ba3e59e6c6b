/**
 * Signed, expiring CDN URLs for LFS content (the Hub's 302 target). The URL names the object by sha256 like
 * the real bridge, and carries an opaque reference to the repo, commit and path so the CDN can regenerate
 * the bytes. Tampering with any part, or using it after `Expires`, is a 403 at the CDN.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface CdnObject {
  /** Model index in the synthetic hub. */
  index: number;
  /** Commit number within the repo. */
  commit: number;
  path: string;
  sha256: string;
  /** The repo's `_id` (appears in the URL path, as on the real bridge). */
  mongoId: string;
}

export class CdnSigner {
  constructor(
    private readonly secret: Buffer,
    /** Lifetime of a signed URL in seconds (the Hub's are about an hour). */
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  private signature(pathname: string, ref: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${pathname}\n${ref}\n${expires}`).digest('hex');
  }

  /** Absolute URL on the CDN origin for `object`. */
  sign(cdnOrigin: string, object: CdnObject): string {
    const pathname = `/xet-bridge-us/${object.mongoId}/${object.sha256}`;
    const ref = Buffer.from(JSON.stringify([object.index, object.commit, object.path])).toString('base64url');
    const expires = Math.floor(this.now() / 1000) + this.ttlSeconds;
    const filename = object.path.slice(object.path.lastIndexOf('/') + 1);
    const params = new URLSearchParams({
      'X-Emulator-Ref': ref,
      Expires: String(expires),
      Signature: this.signature(pathname, ref, expires),
      'response-content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(filename)}`,
    });
    return `${cdnOrigin}${pathname}?${params.toString()}`;
  }

  /** The object a request names, or why it is refused. */
  verify(
    pathname: string,
    query: URLSearchParams,
  ): { ok: true; object: CdnObject } | { ok: false; reason: 'expired' | 'signature' } {
    const ref = query.get('X-Emulator-Ref') ?? '';
    const expires = Number(query.get('Expires'));
    const given = Buffer.from(query.get('Signature') ?? '', 'utf8');
    const expected = Buffer.from(this.signature(pathname, ref, expires), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'signature' };
    if (!Number.isFinite(expires) || Math.floor(this.now() / 1000) > expires)
      return { ok: false, reason: 'expired' };
    const match = /^\/xet-bridge-us\/([0-9a-f]{24})\/([0-9a-f]{64})$/.exec(pathname);
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(ref, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'signature' };
    }
    if (match === null || !Array.isArray(parsed) || parsed.length !== 3)
      return { ok: false, reason: 'signature' };
    const [index, commit, path] = parsed as [number, number, string];
    return {
      ok: true,
      object: { index, commit, path, mongoId: match[1] as string, sha256: match[2] as string },
    };
  }
}
