import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProgressSnapshot } from '../../download/index.js';
import { etaText, progressLines } from './download-progress.js';

const snapshot = (over: Partial<ProgressSnapshot>): ProgressSnapshot => ({
  bytesDone: 0,
  bytesTotal: 0,
  bytesFetched: 0,
  bytesPerSecond: 0,
  filesDone: 0,
  filesTotal: 0,
  reposDone: 0,
  reposTotal: 0,
  reposAdmitted: 0,
  totalsFinal: false,
  elapsedMillis: 0,
  inFlight: [],
  ...over,
});

test('totals not final yet: shown as at least, and the ETA is an estimate from the repos admitted', () => {
  // 10 of 40 repos admitted with 100 MB: about 400 MB in all, 50 MB done, at 10 MB/s: ~35 s
  const p = snapshot({
    bytesDone: 50e6,
    bytesTotal: 100e6,
    bytesPerSecond: 10e6,
    filesDone: 5,
    filesTotal: 20,
    reposDone: 4,
    reposTotal: 40,
    reposAdmitted: 10,
  });
  assert.equal(etaText(p), '~0:35');
  const [head] = progressLines(p, false);
  assert.match(
    head ?? '',
    /^50\.0 MB \/ ≥100\.0 MB \(50%\) 10\.0 MB\/s ETA ~0:35 \| files 5\/≥20 \| repos 4\/40/,
  );
});

test('final totals: no "≥", the exact ETA; no rate or nothing admitted: no ETA', () => {
  const p = snapshot({
    bytesDone: 50e6,
    bytesTotal: 100e6,
    bytesPerSecond: 10e6,
    reposAdmitted: 40,
    reposTotal: 40,
  });
  assert.equal(etaText({ ...p, totalsFinal: true }), '0:05');
  assert.doesNotMatch(progressLines({ ...p, totalsFinal: true }, false)[0] ?? '', /≥/);
  assert.equal(etaText({ ...p, bytesPerSecond: 0 }), '--:--');
  assert.equal(etaText({ ...p, reposAdmitted: 0 }), '--:--');
});

test('git mode: the phases of the clones in flight, so the line moves while git finishes', () => {
  const clone = (path: string) => ({ repoId: 'o/r', path, bytes: 10, size: 10 });
  const p = snapshot({
    inFlight: [clone('(git lfs)'), clone('(git lfs)'), clone('(git verify)')],
    totalsFinal: true,
  });
  assert.match(progressLines(p, false)[0] ?? '', /3 in flight \(lfs 2, verify 1\)$/);
});
