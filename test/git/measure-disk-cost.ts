/**
 * Measures the disk cost and time of each download method on the demo Hub (not a test: numbers for the
 * README). Each method downloads the same selection into its own data dir:
 *
 *   node --import tsx test/git/measure-disk-cost.ts [--models 2000] [--share 0.1] [--concurrency 8]
 *
 * Prints one line per method: repos verified, content bytes, bytes on disk (`du`, hard links once), seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { crawl } from '../../src/crawl/index.js';
import { diskUsage } from '../../src/download/git/disk-usage.js';
import { download, reposRoot, type DownloadOptions } from '../../src/download/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { createHubClient } from '../../src/hub/index.js';
import { select } from '../../src/select/index.js';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: '2000' },
    share: { type: 'string', default: '0.1' },
    concurrency: { type: 'string', default: '8' },
  },
});

const METHODS: Array<{ name: string; options: Partial<DownloadOptions> }> = [
  { name: 'http', options: { method: 'http' } },
  { name: 'git (dedupe)', options: { method: 'git' } },
  { name: 'git --no-dedupe', options: { method: 'git', dedupe: false } },
  { name: 'git --depth 1', options: { method: 'git', depth: 1 } },
];

const emulator = await startEmulator({ models: Number(values.models), seed: 1, sizes: 'small' });
const top = mkdtempSync(join(tmpdir(), 'measure-disk-cost-'));
// The emulator builds a repo's bare git repository on its first git request: build them all before timing
// anything, so that no method pays for the server's side.
const selected = Math.ceil(Number(values.models) * Number(values.share));
for (const model of emulator.hub.models(0, selected)) {
  const response = await fetch(`${emulator.endpoint}/${model.id}/info/refs?service=git-upload-pack`);
  await response.arrayBuffer();
}
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
try {
  for (const method of METHODS) {
    const dataDir = join(top, method.name.replace(/\W+/g, '-'));
    const client = createHubClient({ endpoint: emulator.endpoint });
    try {
      await crawl({ dataDir, client });
      await select({ dataDir, shrinkage: Number(values.share), shards: 1 });
      const started = performance.now();
      const summary = await download({
        dataDir,
        client,
        concurrency: Number(values.concurrency),
        environment: { PATH: process.env.PATH },
        ...method.options,
      });
      const seconds = (performance.now() - started) / 1000;
      const disk = await diskUsage(reposRoot(dataDir));
      console.log(
        `${method.name.padEnd(16)} ${summary.repos.verified}/${summary.repos.total} repos verified, ` +
          `${summary.files.verified} files, content ${mib(summary.bytes.verified)}, ` +
          `on disk ${mib(disk)} (${(disk / summary.bytes.verified).toFixed(2)}x content), ${seconds.toFixed(1)} s`,
      );
    } finally {
      await client.close();
    }
  }
} finally {
  await emulator.close();
  rmSync(top, { recursive: true, force: true });
}
