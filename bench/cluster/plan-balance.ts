/**
 * `node --import tsx bench/cluster/plan-balance.ts [--models N] [--shrinkage F] [--workers W]`: `plan` on a
 * catalog of N models (default 3,000,000) with a realistic size mix: most repos small (log-normal around 20 MB,
 * a long tail into the GBs) and a few hundred of 100-800 GB. Prints the heaviest worker's bytes over the mean
 * (target: at most 1.05), how far round robin (`--shard I/N`) would be, and the time `plan` takes. The catalog
 * is written straight into SQLite (a crawl of 3M models takes minutes; the rows are what plan reads).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openCatalog } from '../../src/catalog/index.js';
import { makePlan, planFile } from '../../src/cluster/index.js';

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: '3000000' },
    shrinkage: { type: 'string', default: '0.1' },
    workers: { type: 'string', default: '64' },
  },
});
const models = Number(values.models);
const shrinkage = Number(values.shrinkage);
const workers = Number(values.workers);
const GB = 1e9;

/** A deterministic generator (mulberry32), so every run plans the same catalog. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildCatalog(dataDir: string): void {
  const next = random(12);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const catalog = openCatalog(dataDir);
  const db = catalog.db;
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO crawl_snapshots (id, endpoint, query, query_mode, status, started_at, updated_at, finished_at, models)
     VALUES (1, 'https://huggingface.co', '{}', 'expand', 'finished', ?, ?, ?, ?)`,
  ).run(now, now, now, models);
  const insert = db.prepare(
    `INSERT INTO models (snapshot_id, seq, id, sha, private, disabled, downloads, likes, used_storage, tags,
       card_datasets, architectures, raw) VALUES (1, ?, ?, ?, 0, 0, ?, 0, ?, '[]', '[]', '[]', '{}')`,
  );
  const sha = '0'.repeat(40);
  db.transaction(() => {
    for (let i = 0; i < models; i += 1) {
      // about one repo in 10,000 is a 100-800 GB giant (a 70B-400B model in several precisions)
      const giant = next() < 1e-4;
      const bytes = giant ? (100 + 700 * next()) * GB : Math.min(50 * GB, 20e6 * Math.exp(2 * normal()));
      // popularity and size are nearly independent on the Hub; the giants are popular
      const downloads = Math.floor((giant ? 1e5 : 1) * Math.exp(3 * normal() + 2));
      insert.run(i, `org${i % 50_000}/model-${i}`, sha, downloads, Math.round(bytes));
    }
  })();
  const count = Math.floor(models * shrinkage);
  catalog.selections.replace({
    snapshotId: 1,
    method: 'shrinkage',
    shrinkage,
    top: null,
    total: models,
    count,
    shards: 1,
    endpoint: 'https://huggingface.co',
    now,
  });
  catalog.close();
}

const dir = mkdtempSync(join(tmpdir(), 'bench-plan-'));
try {
  const t0 = performance.now();
  buildCatalog(dir);
  const built = performance.now() - t0;
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  const { plan } = await makePlan({ dataDir: dir, workers, slurm: {}, k8s: {} });
  const planMillis = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  // what round robin over the rank order (download --shard I/N) would give the same workers
  const shards = new Array<number>(workers).fill(0);
  const ranked = plan.workers.flatMap((w) => w.repos).sort((a, b) => a.rank - b.rank);
  ranked.forEach((r, i) => (shards[i % workers] = (shards[i % workers] as number) + r.bytes));
  const shardMax = Math.max(...shards);
  const result = {
    models,
    selected: plan.selection.count,
    workers,
    totalTB: +(plan.bytes.total / 1e12).toFixed(1),
    largestRepoGB: +(ranked.reduce((m, r) => Math.max(m, r.bytes), 0) / GB).toFixed(0),
    meanPerWorkerTB: +(plan.bytes.mean / 1e12).toFixed(3),
    maxOverMean: +plan.bytes.maxOverMean.toFixed(4),
    roundRobinMaxOverMean: +(shardMax / plan.bytes.mean).toFixed(4),
    planSeconds: +(planMillis / 1000).toFixed(2),
    planCpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    planFileMB: +(statSync(planFile(dir)).size / 1e6).toFixed(1),
    catalogBuildSeconds: +(built / 1000).toFixed(1),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(
    `plan balance: max/mean ${result.maxOverMean} (target <= 1.05; round robin ${result.roundRobinMaxOverMean}), ` +
      `plan ${result.planSeconds} s for ${result.selected} repos of ${models} over ${workers} workers\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
