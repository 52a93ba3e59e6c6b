/**
 * Where a segmented file's bytes are: the first part goes through the resolve endpoint (one resolve chain per
 * file, as for any file), and the signed CDN URL it ends at serves every other part directly. When the CDN
 * refuses that URL (it expired: the Hub's last about an hour), the next part resolves again and the new URL
 * serves the rest; nothing already fetched is fetched again.
 */
import { UrlExpiredError } from '../../../errors.js';
import type { FileResponse, HubClient } from '../../../hub/hub-client.js';

export interface FileTarget {
  repoId: string;
  commit: string;
  path: string;
  /** The expected etag (sha256 or blob sha1). */
  etag: string;
}

/** Resolutions after an expiry, per part, before the part fails (a CDN that refuses every fresh URL). */
const MAX_EXPIRED_PER_PART = 2;

export class FileLocation {
  private url: string | null = null;
  private resolving: Promise<void> | null = null;
  /** Requests made to the resolve endpoint. */
  resolveRequests = 0;
  /** Signed URLs that expired while in use. */
  expired = 0;

  constructor(
    private readonly client: HubClient,
    private readonly target: FileTarget,
  ) {}

  /** Opens the bytes [start, end) of the file. */
  async open(start: number, end: number, signal: AbortSignal): Promise<FileResponse> {
    for (let expiries = 0; ;) {
      const url = this.url;
      if (url === null) {
        // one part resolves; the others wait for its URL instead of resolving too
        if (this.resolving !== null) {
          await this.resolving;
          if (this.url !== null) continue;
        }
        return this.resolve(start, end, signal);
      }
      try {
        return await this.request(start, end, signal, url);
      } catch (error) {
        if (!(error instanceof UrlExpiredError) || ++expiries > MAX_EXPIRED_PER_PART) throw error;
        if (this.url === url) {
          this.url = null;
          this.expired += 1;
        }
      }
    }
  }

  private async resolve(start: number, end: number, signal: AbortSignal): Promise<FileResponse> {
    let done = (): void => undefined;
    this.resolving = new Promise((resolve) => (done = resolve));
    try {
      const response = await this.request(start, end, signal);
      this.url = response.finalUrl;
      return response;
    } finally {
      this.resolving = null;
      done();
    }
  }

  private async request(
    start: number,
    end: number,
    signal: AbortSignal,
    location?: string,
  ): Promise<FileResponse> {
    const { repoId, commit, path, etag } = this.target;
    const response = await this.client.openFile(repoId, commit, path, { start, end, etag, signal, location });
    this.resolveRequests += response.resolveRequests;
    return response;
  }
}
