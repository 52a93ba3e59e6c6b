/**
 * `hftorrent report` as a user types it: its output, --json, a clear error before any crawl, and a snapshot
 * without its relation tables (derived first, or said so when another run holds the data dir).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { lockPath } from '../../src/catalog/index.js';
import { reportPath } from '../../src/report/index.js';
import { listed, seedFinishedCrawl, tempDataDir } from '../catalog/helpers.js';
import { runCli } from '../helpers/run-cli.js';

test('report writes index.html and names it; --json after the command gives the summary', async (t) => {
  const dataDir = tempDataDir(t);
  seedFinishedCrawl(dataDir, [
    listed('org/a', { downloads: 5, tags: ['license:mit'] }),
    listed('org/b', { downloads: 3, tags: ['license:mit', 'base_model:finetune:org/a'] }),
  ]);
  const r = await runCli(['report', '--data-dir', dataDir, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as {
    file: string;
    models: number;
    figures: string[];
    emptyFigures: string[];
    relationsDerived: number;
  };
  assert.equal(summary.file, reportPath(dataDir));
  assert.equal(summary.models, 2);
  // Seeded without relation tables (as an old catalog): the report derived them first, as export does.
  assert.equal(summary.relationsDerived, 2);
  assert.ok(summary.figures.includes('licenses') && summary.figures.includes('relations'));
  // No selection, no download yet: those figures say so instead of drawing.
  assert.ok(!summary.figures.includes('states'));
  const html = readFileSync(summary.file, 'utf8');
  assert.match(html, /<figure id="licenses"/);
  assert.doesNotMatch(html, /https?:\/\/(?!127\.0\.0\.1|hub\.test|www\.w3\.org)/, 'no external resource');

  const human = await runCli(['report', '--data-dir', dataDir]);
  assert.equal(human.status, 0, human.stderr);
  assert.match(human.stdout, /report of 2 models: .*report\/index\.html/);
});

test('report before any crawl is a one-line error and writes nothing', async (t) => {
  const dataDir = tempDataDir(t);
  const r = await runCli(['report', '--data-dir', dataDir]);
  assert.notEqual(r.status, 0);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /no catalog/);
  assert.ok(!existsSync(reportPath(dataDir)));
});

test('report while another run holds the data dir: the relation figures are empty and the page says why', async (t) => {
  const dataDir = tempDataDir(t);
  seedFinishedCrawl(dataDir, [listed('org/a', { downloads: 5, tags: ['license:mit'] })]);
  // A download on another host holds the lock (this process would re-enter a lock of its own).
  const holder = { pid: 1, host: `not-${hostname()}`, command: 'download', since: 'x', token: 't' };
  writeFileSync(lockPath(dataDir), JSON.stringify(holder));
  const r = await runCli(['report', '--data-dir', dataDir, '--json']);
  rmSync(lockPath(dataDir));
  assert.equal(r.status, 0, r.stderr);
  const held = JSON.parse(r.stdout) as {
    file: string;
    figures: string[];
    emptyFigures: string[];
    relationsDerived: number;
    relationsMissing: string | null;
  };
  assert.equal(held.relationsDerived, 0);
  assert.match(held.relationsMissing ?? '', /in use by another hf-torrent run/);
  for (const id of ['licenses', 'libraries', 'architectures', 'languages', 'parameters', 'relations']) {
    assert.ok(held.emptyFigures.includes(id), `${id} is drawn without its table`);
  }
  assert.ok(held.figures.includes('tasks') && held.figures.includes('access'));
  assert.match(readFileSync(held.file, 'utf8'), /research tables.*not derived for this snapshot/s);

  const free = await runCli(['report', '--data-dir', dataDir, '--json']);
  assert.equal(free.status, 0, free.stderr);
  const derived = JSON.parse(free.stdout) as typeof held;
  assert.equal(derived.relationsDerived, 1);
  assert.equal(derived.relationsMissing, null);
  assert.ok(derived.figures.includes('licenses'));
  assert.doesNotMatch(readFileSync(derived.file, 'utf8'), /research tables/);
});
