/**
 * Large files in parts over several connections, against the emulator's CDN: a clean run, a server that
 * ignores ranges, a reset on one part while the others go on, a wrong byte in one part, and a signed URL that
 * expires mid-file. Every file must end verified; what was fetched is counted from the emulator's side.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { download, reposRoot, type DownloadEvent, type DownloadOptions } from '../../src/download/index.js';
import type { FaultRule } from '../../src/emulator/index.js';
import {
  assertRepoOnDisk,
  leftoverPartials,
  seedSelection,
  selectedRepos,
  startFixture,
  testProfile,
  type Fixture,
} from './helpers/pipeline.js';

const KiB = 1024;
const MiB = 1024 * KiB;
/** Repos of one or two LFS files of 1.5 to 3 MiB: 6 to 12 parts of 256 KiB each. */
const PROFILE = testProfile('segmented', {
  shape: 'few-large',
  weightBytes: [4 * KiB, 8 * KiB],
  weightShards: [1, 1],
  readmeBytes: [0, 256],
  smallFiles: [2, 4],
  smallFileBytes: [64, 512],
  largeFiles: [1, 2],
  largeFileBytes: [1.5 * MiB, 3 * MiB],
});
const PARTS: Partial<DownloadOptions> = {
  segmentThresholdBytes: 512 * KiB,
  segmentPartBytes: 256 * KiB,
  connections: 8,
  concurrency: 2,
  stallDelayMillis: 0,
};

const top = mkdtempSync(join(tmpdir(), 'segmented-'));
after(() => rmSync(top, { recursive: true, force: true }));

interface Run {
  fx: Fixture;
  dataDir: string;
  events: DownloadEvent[];
  large: Array<{ repoId: string; commit: string; path: string; size: number }>;
}

/** An emulator with `faults`, a catalog of its top `repos`, and the LFS files above the threshold. */
async function setUp(
  name: string,
  faults: FaultRule[],
  emulator: { now?: () => number; log?: (line: string) => void } = {},
): Promise<Run> {
  const fx = await startFixture({ models: 3, sizes: PROFILE, specials: false, ...emulator });
  const dataDir = join(top, name);
  await seedSelection(dataDir, fx.client, 3);
  fx.emulator.faults.add(...faults);
  fx.emulator.stats.reset();
  const large: Run['large'] = [];
  for (const { id, sha } of selectedRepos(dataDir)) {
    for (const f of fx.emulator.hub.files(id, sha)) {
      if (f.lfs !== null && f.size >= (PARTS.segmentThresholdBytes as number))
        large.push({ repoId: id, commit: sha, path: f.path, size: f.size });
    }
  }
  assert.ok(large.length >= 3, `${large.length} files large enough to go in parts`);
  return { fx, dataDir, events: [], large };
}

async function downloadAll(run: Run, extra: Partial<DownloadOptions> = {}) {
  const summary = await download({
    dataDir: run.dataDir,
    client: run.fx.client,
    ...PARTS,
    ...extra,
    onEvent: (e) => run.events.push(e),
  });
  assert.equal(summary.repos.failed, 0, JSON.stringify(summary.failed));
  assert.equal(summary.repos.verified, 3);
  for (const { id, sha } of selectedRepos(run.dataDir))
    assertRepoOnDisk(run.dataDir, run.fx.emulator, id, sha);
  assert.deepEqual(leftoverPartials(run.dataDir), []);
  return summary;
}

function contentServed(run: Run, file: Run['large'][number]): number {
  return run.fx.emulator.stats.contentBytesByFile()[`${file.repoId}/${file.commit}/${file.path}`] ?? 0;
}

describe('large files in parts', () => {
  it('a clean run: many ranged requests per file, one resolve per file, every byte fetched once', async () => {
    const run = await setUp('clean', []);
    try {
      const summary = await downloadAll(run);
      for (const file of run.large) {
        const parts = Math.ceil(file.size / (PARTS.segmentPartBytes as number));
        assert.equal(
          run.fx.emulator.stats.cdnCount(file.repoId, file.path),
          parts,
          `${file.path}: one request a part`,
        );
        assert.equal(
          run.fx.emulator.stats.resolveCount(file.repoId, file.path),
          1,
          `${file.path}: one resolve`,
        );
        assert.equal(contentServed(run, file), file.size, `${file.path}: every byte once`);
      }
      assert.equal(summary.bytes.fetched, summary.bytes.verified);
    } finally {
      await run.fx.close();
    }
  });

  it('a server that ignores ranges: the file goes on over one connection and verifies', async () => {
    const run = await setUp('ignored', [
      { kind: 'cdn', action: { type: 'ignore-range' }, skip: 2, times: 1 },
    ]);
    try {
      await downloadAll(run);
      const fallbacks = run.events.filter((e) => e.type === 'file-retry' && e.kind === 'range-ignored');
      assert.equal(fallbacks.length, 1, 'one file fell back to one connection');
    } finally {
      await run.fx.close();
    }
  });

  it('a reset on one part: that part resumes within itself, the others go on', async () => {
    const run = await setUp('reset', [
      { kind: 'cdn', action: { type: 'reset', afterBytes: 100 * KiB }, skip: 3, times: 2 },
    ]);
    try {
      const summary = await downloadAll(run);
      const resumes = run.events.filter((e) => e.type === 'file-retry' && e.kind === 'resume');
      assert.equal(resumes.length, 2);
      // a part resumes at its last byte on disk: no byte that arrived is fetched twice (the emulator counts
      // more: what it wrote into the socket before the reset never arrived)
      assert.equal(summary.bytes.fetched, summary.bytes.verified);
      const resumed = resumes.map((e) =>
        e.type === 'file-retry' ? e.offset % (PARTS.segmentPartBytes as number) : 0,
      );
      assert.ok(
        resumed.every((o) => o > 0),
        'each resumed within its part, not at the part start',
      );
    } finally {
      await run.fx.close();
    }
  });

  it('a wrong byte in one part: the digest of the whole file catches it, the file is fetched again', async () => {
    const run = await setUp('corrupt', [{ kind: 'cdn', action: { type: 'corrupt' }, skip: 1, times: 1 }]);
    try {
      const summary = await downloadAll(run);
      const mismatches = run.events.filter((e) => e.type === 'file-retry' && e.kind === 'hash-mismatch');
      assert.equal(mismatches.length, 1);
      assert.ok(summary.bytes.fetched > summary.bytes.verified, 'one file was fetched twice');
    } finally {
      await run.fx.close();
    }
  });

  it('a signed URL that expires mid-file: resolved again, and nothing fetched is fetched again', async () => {
    let offset = 0;
    let cdnAnswers = 0;
    // the CDN's URLs live an hour: two hours pass once the CDN has answered four parts
    const run = await setUp('expired', [], {
      now: () => Date.now() + offset,
      log: (line) => {
        if (line.includes('/xet-bridge-us/') && ++cdnAnswers === 4) offset += 2 * 3600 * 1000;
      },
    });
    try {
      const summary = await downloadAll(run, { concurrency: 1, connections: 1 });
      assert.ok((run.fx.emulator.stats.byStatus[403] ?? 0) >= 1, 'the CDN refused an expired URL');
      const resolvedTwice = run.large.filter(
        (f) => run.fx.emulator.stats.resolveCount(f.repoId, f.path) === 2,
      );
      assert.equal(resolvedTwice.length, 1, 'the file in flight was resolved once more, the others once');
      assert.equal(summary.bytes.fetched, summary.bytes.verified, 'the file went on, it did not start over');
      for (const file of run.large) assert.equal(contentServed(run, file), file.size);
    } finally {
      await run.fx.close();
    }
  });

  it('a run stopped mid-file resumes exactly: only the parts the journal does not hold are fetched', async () => {
    const controller = new AbortController();
    let cdnAnswers = 0;
    const run = await setUp('resume', [], {
      log: (line) => {
        if (line.includes('/xet-bridge-us/') && ++cdnAnswers === 5) controller.abort();
      },
    });
    try {
      const first = { concurrency: 1, connections: 1, signal: controller.signal };
      await assert.rejects(
        download({ dataDir: run.dataDir, client: run.fx.client, ...PARTS, ...first }),
        /aborted/,
      );
      const journals = leftoverPartials(run.dataDir).filter((p) => p.endsWith('.parts'));
      assert.equal(journals.length, 1, 'the file in flight has a journal');
      const journal = readFileSync(
        join(reposRoot(run.dataDir), '.incomplete', journals[0] as string),
        'utf8',
      );
      const kept = journal
        .split('\n')
        .slice(1)
        .filter((l) => l !== '')
        .reduce((sum, l) => sum + Number(l.split(' ')[1]) - Number(l.split(' ')[0]), 0);
      assert.ok(kept >= 4 * (PARTS.segmentPartBytes as number), `${kept} bytes journaled`);
      const before = run.fx.emulator.stats.contentBytes;
      const summary = await downloadAll(run, { concurrency: 1, connections: 1 });
      assert.equal(summary.bytes.reused, kept, 'the journaled parts are kept');
      assert.equal(run.fx.emulator.stats.contentBytes - before, summary.bytes.fetched);
    } finally {
      await run.fx.close();
    }
  });
});
