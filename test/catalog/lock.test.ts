import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { acquireDataDirLock, lockPath, readDataDirLock } from '../../src/catalog/index.js';
import { CatalogLockedError, DataDirError } from '../../src/errors.js';
import { tempDataDir } from './helpers.js';
import { killAndWait, spawnFixture, waitForLine } from './spawn-fixture.js';

const HOLD = 'test/catalog/fixtures/hold-lock.ts';

test('the lock names its holder, is reentrant in one process, and goes with the last release', (t) => {
  const dataDir = tempDataDir(t);
  const release = acquireDataDirLock(dataDir, 'run', { now: () => Date.UTC(2026, 0, 2) });
  const holder = readDataDirLock(dataDir);
  assert.equal(holder?.pid, process.pid);
  assert.equal(holder?.host, hostname());
  assert.equal(holder?.command, 'run');
  assert.equal(holder?.since, '2026-01-02T00:00:00.000Z');
  const inner = acquireDataDirLock(dataDir, 'crawl');
  inner();
  inner(); // idempotent: does not release the outer acquisition
  assert.ok(existsSync(lockPath(dataDir)));
  assert.equal(readDataDirLock(dataDir)?.command, 'run');
  release();
  assert.equal(existsSync(lockPath(dataDir)), false);
  assert.equal(readDataDirLock(dataDir), null);
});

test('a second run while another process holds the lock is refused, naming pid, host, command and time', async (t) => {
  const dataDir = tempDataDir(t);
  const child = spawnFixture(HOLD, [dataDir, 'crawl']);
  t.after(() => killAndWait(child));
  await waitForLine(child, /^held$/);
  assert.throws(
    () => acquireDataDirLock(dataDir, 'select'),
    (error: unknown) => {
      assert.ok(error instanceof CatalogLockedError);
      assert.equal(error.code, 'CATALOG_LOCKED');
      assert.match(
        error.message,
        new RegExp(`pid ${child.pid} on ${hostname()}, command "crawl", since \\d{4}-`),
      );
      return true;
    },
  );
  // Released by its holder: free again.
  child.stdin?.end();
  await new Promise((resolve) => child.on('exit', resolve));
  acquireDataDirLock(dataDir, 'select')();
});

test('a lock left by a killed process is taken over', async (t) => {
  const dataDir = tempDataDir(t);
  const child = spawnFixture(HOLD, [dataDir, 'crawl']);
  await waitForLine(child, /^held$/);
  await killAndWait(child, 'SIGKILL');
  assert.equal(readDataDirLock(dataDir)?.pid, child.pid, 'the dead holder left its lock');
  const release = acquireDataDirLock(dataDir, 'crawl');
  assert.equal(readDataDirLock(dataDir)?.pid, process.pid);
  release();
});

test('a lock held from another host is never taken over; an unreadable lock is', (t) => {
  const dataDir = tempDataDir(t);
  acquireDataDirLock(dataDir, 'probe')(); // creates the directory
  const foreign = {
    pid: 999_999_999,
    host: `not-${hostname()}`,
    command: 'download',
    since: 'x',
    token: 't',
  };
  writeFileSync(lockPath(dataDir), JSON.stringify(foreign));
  assert.throws(() => acquireDataDirLock(dataDir, 'crawl'), /pid 999999999 on not-/);
  assert.deepEqual(JSON.parse(readFileSync(lockPath(dataDir), 'utf8')), foreign);

  writeFileSync(lockPath(dataDir), 'garbage');
  const release = acquireDataDirLock(dataDir, 'crawl');
  assert.equal(readDataDirLock(dataDir)?.command, 'crawl');
  release();
});

test('locking an unwritable data dir is a DataDirError', (t) => {
  const base = tempDataDir(t);
  const file = join(base, 'file');
  writeFileSync(file, '');
  assert.throws(() => acquireDataDirLock(join(file, 'sub'), 'crawl'), DataDirError);
});
