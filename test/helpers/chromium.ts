/**
 * Debian's chromium (`apt-get install chromium`, done best-effort by .ci/run), driven by playwright-core: never a
 * browser that a test tool downloads. `openChromium` returns null (and the test skips, saying why) when it
 * is not installed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, offline, throw-away browser (Playwright adds --headless itself). */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenChromium {
  context: BrowserContext;
  /** Every URL the pages asked for that is not a file: (each was aborted). */
  blocked: string[];
  close(): Promise<void>;
}

/**
 * A headless chromium with a new empty profile and the network blocked: every request but `file:` is aborted
 * and recorded in `blocked`.
 */
export async function openChromium(
  options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {},
): Promise<OpenChromium | null> {
  if (!existsSync(CHROMIUM)) return null;
  const profile = mkdtempSync(join(tmpdir(), 'hft-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 900, height: 1200 },
    offline: true,
  });
  const blocked: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  return {
    context,
    blocked,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
