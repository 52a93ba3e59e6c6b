import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkQueue } from './work-queue.js';

test('items come out in the order repos were added, across repos', async () => {
  const queue = new WorkQueue<string>({ maxQueuedFiles: 100, maxOpenRepos: 10 });
  queue.addRepo(['a1', 'a2']);
  queue.addRepo([]);
  queue.addRepo(['b1']);
  queue.close();
  const got: Array<string | null> = [];
  for (let i = 0; i < 4; i++) got.push(await queue.take());
  assert.deepEqual(got, ['a1', 'a2', 'b1', null]);
});

test('a waiting taker gets the next item, or null at close', async () => {
  const queue = new WorkQueue<number>({ maxQueuedFiles: 100, maxOpenRepos: 10 });
  const first = queue.take();
  const second = queue.take();
  queue.addRepo([1]);
  assert.equal(await first, 1);
  queue.close();
  assert.equal(await second, null);
});

test('the producer waits while too many files are queued or too many repos are open', async () => {
  const queue = new WorkQueue<number>({ maxQueuedFiles: 2, maxOpenRepos: 2 });
  let room = false;
  queue.addRepo([1, 2]);
  void queue.waitForRoom().then(() => (room = true));
  await Promise.resolve();
  assert.equal(room, false, 'two files queued');
  await queue.take();
  await Promise.resolve();
  assert.equal(room, true, 'one file left');

  const open = new WorkQueue<number>({ maxQueuedFiles: 100, maxOpenRepos: 2 });
  open.addRepo([1]);
  open.addRepo([2]);
  await open.take();
  await open.take();
  let opened = false;
  void open.waitForRoom().then(() => (opened = true));
  await Promise.resolve();
  assert.equal(opened, false, 'two repos still open although no file is queued');
  open.repoDone();
  await Promise.resolve();
  assert.equal(opened, true);
  assert.equal(open.openRepos, 1);
});
