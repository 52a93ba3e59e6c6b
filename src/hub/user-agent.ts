import { createRequire } from 'node:module';

let cached: string | undefined;

/** `hf-torrent/<version>; hf_hub-compatible`, the version read from package.json (src/hub and dist/hub alike). */
export function defaultUserAgent(): string {
  if (cached === undefined) {
    let version = '0.0.0';
    try {
      const pkg = createRequire(import.meta.url)('../../package.json') as { version?: unknown };
      if (typeof pkg.version === 'string') version = pkg.version;
    } catch {
      // A relocated bundle: the UA still identifies the tool.
    }
    cached = `hf-torrent/${version}; hf_hub-compatible`;
  }
  return cached;
}
