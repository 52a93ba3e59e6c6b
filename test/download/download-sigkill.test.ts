/**
 * SIGKILL at random moments: a download in a child process is killed several times (after a random number of
 * bytes or milliseconds, from a seeded schedule), then a run completes. The end state must equal that of an
 * uninterrupted run: the same files with the same hashes, the same ledger, no partial file left, and no more
 * bytes fetched twice than were in flight at each kill.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, it, type TestContext } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { createLedger } from '../../src/catalog/ledger.js';
import { download, reposRoot, type DownloadSummary } from '../../src/download/index.js';
import { SINK_HIGH_WATER_MARK } from '../../src/download/http/hashing-file-sink.js';
import { Rng, type SizeProfile } from '../../src/emulator/index.js';
import {
  filesUnder,
  leftoverPartials,
  seedSelection,
  startFixture,
  type Fixture,
} from './helpers/pipeline.js';

const KiB = 1024;
const MiB = 1024 * KiB;
/** LFS files of several MiB (kills land mid-body), a repo of 1,200 small files (kills land mid-ledger). */
const PROFILE: SizeProfile = {
  name: 'sigkill',
  shape: 'mix',
  headRepos: 100,
  weightBytes: [2 * MiB, 12 * MiB],
  weightShards: [1, 2],
  readmeBytes: [0, 1 * KiB],
  smallFiles: [20, 60],
  smallFileBytes: [64, 4 * KiB],
  largeFiles: [1, 2],
  largeFileBytes: [6 * MiB, 16 * MiB],
};
const CONCURRENCY = 4;
const ROUNDS = 6;
const CHILD = fileURLToPath(new URL('./fixtures/download-child.ts', import.meta.url));

const top = mkdtempSync(join(tmpdir(), 'download-sigkill-'));
let fx: Fixture;
before(async () => {
  fx = await startFixture({
    models: 9,
    sizes: PROFILE,
    // Slow the CDN down a little so that kills find bodies in flight.
    faults: [{ kind: 'cdn', action: { type: 'delay', chunkMillis: 1, chunkBytes: 256 * KiB } }],
  });
});
after(async () => {
  await fx.close();
  rmSync(top, { recursive: true, force: true });
});

type Kill = { afterBytes: number } | { afterMillis: number } | null;

/** Runs the child; kills it with SIGKILL at `kill`. Resolves with the summary, or null when it was killed. */
function runChild(dataDir: string, kill: Kill, segments: string[]): Promise<DownloadSummary | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, fx.emulator.endpoint, dataDir, String(CONCURRENCY), ...segments],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let summary: DownloadSummary | null = null;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killNow = () => child.kill('SIGKILL');
    if (kill !== null && 'afterMillis' in kill) setTimeout(killNow, kill.afterMillis);
    createInterface({ input: child.stdout }).on('line', (text) => {
      const message = JSON.parse(text) as { bytes?: number; done?: DownloadSummary };
      if (message.done !== undefined) summary = message.done;
      if (kill !== null && 'afterBytes' in kill && (message.bytes ?? 0) >= kill.afterBytes) killNow();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') return resolve(null);
      if (code !== 0 || summary === null) return reject(new Error(`child exited ${code}: ${stderr}`));
      resolve(summary);
    });
  });
}

/** What must be equal between two data dirs: every repo's ledger outcome and every file's content. */
function endState(dataDir: string) {
  const catalog = openCatalog(dataDir);
  try {
    const ledger = createLedger(catalog.db);
    const repos = ledger.repos().map((r) => ({
      repoId: r.repoId,
      state: r.state,
      reason: r.reason,
      commit: r.commit,
      files: [r.filesVerified, r.filesTotal],
      bytes: [r.bytesVerified, r.bytesTotal],
      fileStates: [...new Set([...ledger.files(r.repoId).values()].map((f) => f.state))],
    }));
    const root = reposRoot(dataDir);
    const files = filesUnder(root)
      .filter((p) => !p.startsWith('.incomplete/'))
      .map(
        (p) =>
          `${p} ${createHash('sha256')
            .update(readFileSync(join(root, p)))
            .digest('hex')}`,
      );
    return { repos, files };
  } finally {
    catalog.close();
  }
}

/** Large files in parts: from 4 MiB, 1 MiB parts, up to 8 connections. */
const PARTS = { threshold: 4 * MiB, part: 1 * MiB, connections: 8 };

for (const mode of ['one connection per file', 'large files in parts'] as const) {
  const segmented = mode === 'large files in parts';
  const segments = segmented ? [`${PARTS.threshold}:${PARTS.part}:${PARTS.connections}`] : [];
  it(`a run killed at random moments, then resumed, ends where an uninterrupted run ends (${mode})`, async (t) => {
    await killedAndResumed(t, segmented, segments);
  });
}

async function killedAndResumed(t: TestContext, segmented: boolean, segments: string[]): Promise<void> {
  const reference = join(top, `reference-${segments.length}`);
  await seedSelection(reference, fx.client, 9);
  fx.emulator.stats.reset();
  const clean = await download({
    dataDir: reference,
    client: fx.client,
    concurrency: CONCURRENCY,
    ...(segmented
      ? {
          segmentThresholdBytes: PARTS.threshold,
          segmentPartBytes: PARTS.part,
          connections: PARTS.connections,
        }
      : { segments: false }),
  });
  const cleanBytes = fx.emulator.stats.bodyBytes;
  // parts are fetched with ranges (206s); one connection per file asks no range on a clean run
  const ranged = fx.emulator.stats.byStatus[206] ?? 0;
  assert.ok(segmented ? ranged > 0 : ranged === 0, `${ranged} ranged answers on a clean run`);
  assert.ok(clean.repos.verified >= 5, `${clean.repos.verified} repos verified`);
  assert.ok(clean.bytes.verified > 20 * MiB, `${clean.bytes.verified} bytes: enough to kill mid-body`);

  const interrupted = join(top, `interrupted-${segments.length}`);
  await seedSelection(interrupted, fx.client, 9);
  fx.emulator.stats.reset();
  const rng = new Rng(20261128); // the same kill schedule on every run
  const verifiedContent = new Set(endState(reference).files);
  let kills = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const kill: Kill =
      rng.float() < 0.3
        ? { afterMillis: Math.floor(rng.float() * 1500) }
        : { afterBytes: Math.floor(rng.float() * 0.3 * clean.bytes.verified) };
    if ((await runChild(interrupted, kill, segments)) === null) kills += 1;
    // Whenever the run died, every file at a final path already holds its verified content.
    for (const file of endState(interrupted).files) {
      assert.ok(verifiedContent.has(file), `round ${round}: unverified content at a final path: ${file}`);
    }
  }
  const last = await runChild(interrupted, null, segments);
  assert.ok(last !== null, 'the last run completed');
  assert.ok(kills >= 3, `${kills} of ${ROUNDS} rounds were killed mid-run`);

  assert.deepEqual(endState(interrupted), endState(reference));
  assert.deepEqual(leftoverPartials(interrupted), []);
  assert.equal(last.repos.failed, 0);
  // Bytes fetched twice: at most what each kill found in flight (socket and sink buffers of each file).
  const refetched = fx.emulator.stats.bodyBytes - cleanBytes;
  t.diagnostic(
    `${kills} kills; ${refetched} bytes fetched twice; last run reused ${last.bytes.reused} partial bytes`,
  );
  // In parts, each connection has at most one part in flight (its bytes are journaled once all are written).
  const perConnection = SINK_HIGH_WATER_MARK + (segmented ? PARTS.part : 4 * MiB);
  const inFlightBound = kills * (segmented ? PARTS.connections : CONCURRENCY) * perConnection;
  assert.ok(refetched <= inFlightBound, `${refetched} bytes fetched twice, bound ${inFlightBound}`);
}
