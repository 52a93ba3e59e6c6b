/**
 * Byte progress in git mode: while git-lfs is still receiving a repo's LFS objects (slowed down by the
 * emulator), the progress events show the clone's bytes growing, and at the end the meter counts each byte of
 * content once.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DownloadEvent, ProgressSnapshot } from '../../src/download/index.js';
import { gitDownload, type GitFixture, lfsHeavyProfile, startGitFixture } from './helpers.js';

const LFS_HEAVY = lfsHeavyProfile('git-progress-test', 1, 2);

let f: GitFixture;
before(async () => {
  f = await startGitFixture({ specials: false, models: 2, sizes: LFS_HEAVY });
});
after(() => f.close());

test('progress shows a clone receiving its LFS bytes before the repo is done', async () => {
  const id = f.emulator.hub.at(0).id;
  const urls = join(f.dir, 'urls.txt');
  writeFileSync(urls, `${f.emulator.endpoint}/${id}\n`);
  // every LFS object arrives in 64 KiB pieces, 15 ms apart: a few MiB take a second or two
  f.emulator.faults.add({ kind: 'cdn', action: { type: 'delay', chunkMillis: 15, chunkBytes: 64 * 1024 } });
  const progress: ProgressSnapshot[] = [];
  const summary = await gitDownload(f, {
    urlsFile: urls,
    progressIntervalMillis: 40,
    onEvent: (e: DownloadEvent) => {
      if (e.type === 'progress') progress.push(e);
    },
  });
  f.emulator.faults.clear();
  assert.equal(summary.repos.verified, 1, JSON.stringify(summary.failed));
  const total = summary.bytes.total;
  const midway = progress.filter((p) => p.reposDone === 0 && p.bytesDone > 0 && p.bytesDone < total);
  assert.ok(midway.length >= 2, `progress while cloning: ${progress.map((p) => p.bytesDone).join(', ')}`);
  const inFlight = midway.flatMap((p) => p.inFlight).find((e) => e.bytes > 0 && e.bytes < e.size);
  assert.ok(inFlight !== undefined && inFlight.repoId === id, 'the clone in flight shows its bytes');
  for (let i = 1; i < progress.length; i++) {
    assert.ok((progress[i]?.bytesDone ?? 0) >= (progress[i - 1]?.bytesDone ?? 0), 'never backwards');
  }
  const last = progress.at(-1) as ProgressSnapshot;
  assert.equal(last.bytesDone, total, 'each byte counted once at the end');
  assert.equal(last.bytesFetched, total);
});
