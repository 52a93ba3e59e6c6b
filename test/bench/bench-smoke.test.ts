/**
 * Keeps the benchmark harness working (not a timed test): the crawl and download cases once, with tiny
 * sizes, each side in its own process against an emulator process. Asserts that every side ran and wrote
 * the right bytes and that every target got a measured figure; never asserts speed.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { tempDirsMade } from '../../bench/measure/cleanup.js';
import { makePlan } from '../../bench/plan.js';
import { renderResults } from '../../bench/report/table.js';
import { runBench } from '../../bench/run-bench.js';

test('bench smoke: crawl, download and report cases run end to end with tiny sizes', async () => {
  const results = await runBench({ plan: makePlan('smoke', 'ci'), cases: ['crawl', 'download', 'report'] });
  // sides' files are only emptied while measuring; every temp folder goes when the run ends (the run's own:
  // another bench on the machine may have folders of its own in the temp folder)
  assert.ok(tempDirsMade().length > 0, 'the run made temp folders');
  assert.deepEqual(tempDirsMade().filter(existsSync), []);
  assert.deepEqual(
    results.cases.map((c) => [c.name, c.notMeasured ?? null]),
    [
      ['crawl', null],
      ['download', null],
      ['report', null],
    ],
  );
  for (const c of results.cases) {
    for (const side of c.sides) {
      assert.ok(side.ok, `${c.name} / ${side.side}: ${side.error ?? ''}`);
      assert.ok(side.wallSeconds > 0 && side.maxRssMb > 0, `${c.name} / ${side.side} was measured`);
    }
  }
  const crawl = results.cases[0];
  assert.equal(crawl?.sides.length, 2);
  assert.equal(crawl?.sides[0]?.metrics.models, 3000);
  assert.equal(crawl?.sides[0]?.metrics.listRequests, 3);
  const download = results.cases[1];
  assert.equal(download?.sides.length, 4); // curl, node floor, ours, official
  for (const side of download?.sides ?? []) assert.equal(side.metrics.verifiedFiles, side.metrics.files);
  const report = results.cases[2];
  assert.equal(report?.sides.length, 2); // ours, the floor
  assert.ok(Number(report?.sides[0]?.metrics.charts) >= 10, 'the report drew its charts');
  assert.ok(results.targets.length >= 6);
  for (const target of results.targets)
    assert.notEqual(target.pass, null, `${target.case} ${target.name} evaluated`);
  assert.match(renderResults(results), /\| ours \(hftorrent download\)/);
  assert.match(renderResults(results), /\| node floor /);
});
