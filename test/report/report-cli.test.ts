/** `hftorrent report` as a user types it: its output, --json, and a clear error before any crawl. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
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
  };
  assert.equal(summary.file, reportPath(dataDir));
  assert.equal(summary.models, 2);
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
