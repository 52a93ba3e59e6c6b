/**
 * A crawl that failed shows as failed, with why, not as "running"; it stays resumable. Here the Hub asks to
 * wait 27 hours on page 2 (Retry-After: 100000): the crawl stops at once with RATE_LIMITED instead of
 * waiting, `status` says failed and why, and once the Hub behaves the crawl resumes and finishes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempDataDir } from '../catalog/helpers.js';
import { runCli } from '../helpers/run-cli.js';
import { json, startServer } from '../hub/helpers/test-server.js';

test('a failed crawl is reported failed with its reason, then resumes', async (t) => {
  let hostile = true;
  const server = await startServer((req, res) => {
    const cursor = new URL(req.url ?? '/', 'http://x').searchParams.get('cursor');
    if (cursor === null) {
      return json(res, 200, [{ _id: '1', id: 'org/a' }], {
        link: `<${server.origin}/api/models?cursor=2>; rel="next"`,
      });
    }
    if (hostile) {
      res.writeHead(429, { 'retry-after': '100000' });
      return void res.end('come back tomorrow');
    }
    json(res, 200, [{ _id: '2', id: 'org/b' }]);
  });
  t.after(() => server.close());
  const dataDir = tempDataDir(t);
  const args = ['--data-dir', dataDir, '--endpoint', server.origin];

  const failed = await runCli(['crawl', ...args]);
  assert.equal(failed.status, 3, failed.stderr);
  assert.match(failed.stderr, /RATE_LIMITED/);

  const report = await runCli(['status', '--json', ...args]);
  const crawl = (
    JSON.parse(report.stdout) as { crawl: { status: string; error: string | null; pages: number } }
  ).crawl;
  assert.equal(crawl.status, 'failed');
  assert.match(crawl.error ?? '', /^RATE_LIMITED: /);
  assert.equal(crawl.pages, 1, 'the first page is kept');
  const text = await runCli(['status', ...args]);
  assert.match(text.stdout, /crawl #1 of .*: failed, .*RATE_LIMITED.*run `hftorrent crawl` to resume/);

  hostile = false;
  const resumed = await runCli(['crawl', '--json', ...args]);
  assert.equal(resumed.status, 0, resumed.stderr);
  const after = (
    JSON.parse((await runCli(['status', '--json', ...args])).stdout) as {
      crawl: { status: string; error: string | null; models: number };
    }
  ).crawl;
  assert.deepEqual([after.status, after.error, after.models], ['finished', null, 2]);
});
