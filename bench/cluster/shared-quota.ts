/**
 * `node --import tsx bench/cluster/shared-quota.ts [--workers 4] [--quota 150] [--window 30] [--repos 500]`:
 * cluster workers sharing one token against an emulator that enforces one API quota for it (q requests per
 * w-second window, fixed windows as the Hub counts them). The download is API-bound (tiny files, one model
 * info per repo), so the quota sets the least time it can take: the API requests R, q at most per window,
 * starting on a fresh window, end in window ceil(R/q), so no run can end before (ceil(R/q) - 1) x w. Prints the
 * workers' time over that minimum (target: at most 1.10) and the 429s they ran into.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { downloadWorker, makePlan } from '../../src/cluster/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { createHubClient } from '../../src/hub/index.js';
import { crawlAndSelect } from '../../test/helpers/cluster-fixture.js';

const { values } = parseArgs({
  options: {
    workers: { type: 'string', default: '4' },
    quota: { type: 'string', default: '150' },
    window: { type: 'string', default: '30' },
    repos: { type: 'string', default: '500' },
  },
});
const workers = Number(values.workers);
const quota = Number(values.quota);
const windowSeconds = Number(values.window);
const repos = Number(values.repos);
const TOKEN = 'hf_bench_shared_quota';

const emulator = await startEmulator({
  models: repos * 2,
  seed: 'bench-shared-quota',
  specials: false,
  tokens: { [TOKEN]: { user: 'bench' } },
  rateLimits: { api: { quota, windowSeconds } },
});
const dir = mkdtempSync(join(tmpdir(), 'bench-quota-'));
try {
  const env = { HF_ENDPOINT: emulator.endpoint, HF_TOKEN: TOKEN };
  await crawlAndSelect(dir, env, repos);
  await makePlan({ dataDir: dir, workers });
  // start on a fresh window, so that the minimum is exact (the crawl used some of the current one)
  const w = windowSeconds * 1000;
  await delay(w - (Date.now() % w) + 50);
  const api = (): number =>
    emulator.stats.byKind.info + emulator.stats.byKind.tree + emulator.stats.byKind['paths-info'];
  const before = { api: api(), limited: emulator.stats.rateLimited };
  const t0 = Date.now();
  const summaries = await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      const client = createHubClient({
        endpoint: emulator.endpoint,
        token: TOKEN,
        pacing: { sharedQuota: true },
      });
      try {
        return await downloadWorker({ dataDir: dir, client, worker });
      } finally {
        await client.close();
      }
    }),
  );
  const elapsed = (Date.now() - t0) / 1000;
  const rateLimited = emulator.stats.rateLimited - before.limited;
  const requests = api() - before.api - rateLimited;
  const minimum = (Math.ceil(requests / quota) - 1) * windowSeconds;
  const result = {
    workers,
    quota: `${quota} per ${windowSeconds} s`,
    apiRequests: requests,
    rateLimited,
    verified: summaries.reduce((s, x) => s + x.repos.verified, 0),
    failed: summaries.reduce((s, x) => s + x.repos.failed, 0),
    seconds: +elapsed.toFixed(1),
    minimumSeconds: minimum,
    overMinimum: minimum > 0 ? +(elapsed / minimum).toFixed(3) : null,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(
    `shared quota: ${workers} workers took ${result.seconds} s, ${result.overMinimum}x the quota-bound minimum ` +
      `of ${minimum} s (target <= 1.10), ${rateLimited} 429s\n`,
  );
} finally {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
}
