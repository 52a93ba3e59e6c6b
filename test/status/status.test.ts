import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { acquireDataDirLock, openCatalog } from '../../src/catalog/index.js';
import { status } from '../../src/download/index.js';
import { StageNotRunError } from '../../src/errors.js';

const top = mkdtempSync(join(tmpdir(), 'status-'));
after(() => rmSync(top, { recursive: true, force: true }));

it('reports an empty catalog as such, and who holds the data dir', () => {
  const dataDir = join(top, 'empty');
  openCatalog(dataDir).close();
  const report = status(dataDir);
  assert.equal(report.crawl, null);
  assert.equal(report.selection, null);
  assert.equal(report.download, null);
  assert.equal(report.runningRun, null);
  assert.match(report.catalogPath, /huggingface\/catalog\.db$/);
  const release = acquireDataDirLock(dataDir, 'download');
  try {
    assert.equal(status(dataDir).runningRun?.pid, process.pid);
    assert.equal(status(dataDir).runningRun?.command, 'download');
  } finally {
    release();
  }
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report, 'a plain object (the CLI prints it as JSON)');
});

it('refuses a data dir without a catalog, and creates nothing there', () => {
  assert.throws(() => status(join(top, 'nothing')), StageNotRunError);
  assert.equal(existsSync(join(top, 'nothing')), false);
});
