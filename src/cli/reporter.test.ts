import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import type { CliIo } from './io.js';
import { Reporter } from './reporter.js';

function capture(tty: boolean): { io: CliIo; out: () => string; err: () => string } {
  const stdout = Object.assign(new PassThrough(), { isTTY: tty, columns: 40 });
  const stderr = Object.assign(new PassThrough(), { isTTY: tty, columns: 40 });
  const o: Buffer[] = [];
  const e: Buffer[] = [];
  stdout.on('data', (c: Buffer) => o.push(c));
  stderr.on('data', (c: Buffer) => e.push(c));
  return {
    io: { stdout, stderr, env: {} },
    out: () => Buffer.concat(o).toString(),
    err: () => Buffer.concat(e).toString(),
  };
}

test('--json: the summary alone on stdout, human text on stderr', () => {
  const c = capture(false);
  const r = new Reporter(c.io, { json: true, quiet: false });
  r.info('hello');
  r.result({ a: 1 }, () => 'human');
  assert.deepEqual(JSON.parse(c.out()), { a: 1 });
  assert.match(c.err(), /hello/);
});

test('--quiet: nothing but warnings', () => {
  const c = capture(false);
  const r = new Reporter(c.io, { json: false, quiet: true });
  r.progress('p');
  r.note('n');
  r.info('i');
  r.result({}, () => 'human');
  r.warn('careful');
  assert.equal(c.out(), '');
  assert.equal(c.err(), 'warning: careful\n');
});

test('off a terminal: plain lines, progress throttled, notes always printed', () => {
  const c = capture(false);
  const r = new Reporter(c.io, { json: false, quiet: false });
  r.progress(['first', 'detail']);
  r.progress('second (throttled)');
  r.note('a note');
  assert.equal(c.err(), 'first\na note\n');
});

test('on a terminal: the block is redrawn in place, cut to the width, and notes go above it', () => {
  const c = capture(true);
  const r = new Reporter(c.io, { json: false, quiet: false });
  r.progress(['x'.repeat(100), 'in flight']);
  r.note('stage two');
  r.progress('y');
  r.endProgress();
  const err = c.err();
  assert.ok(!err.includes('x'.repeat(40)), 'lines are cut to the terminal width');
  assert.ok(err.includes('\x1b[1A'), 'a two-line block is redrawn by moving up one line');
  assert.ok(err.indexOf('stage two\n') > err.indexOf('in flight'));
  assert.ok(err.endsWith('y\x1b[J\n'));
});

test('--quiet keeps failures; HF_HUB_DISABLE_PROGRESS_BARS drops progress only', () => {
  const quiet = capture(false);
  new Reporter(quiet.io, { json: false, quiet: true }).failure('o/r: failed (hash_mismatch)');
  assert.equal(quiet.err(), 'o/r: failed (hash_mismatch)\n');
  const bars = capture(true);
  const r = new Reporter(bars.io, { json: false, quiet: false, network: { progress: false } });
  r.progress('50%');
  r.note('a note');
  assert.equal(bars.err(), 'a note\n');
  assert.equal(r.interactive, false);
});

test('interrupted: the live block is erased, no progress after, the summary so far on stderr', () => {
  const c = capture(true);
  const controller = new AbortController();
  const r = new Reporter({ ...c.io, signal: controller.signal }, { json: false, quiet: false });
  r.progress(['head', '  file 1', '  file 2']);
  controller.abort();
  r.progress('drawn after the abort');
  r.interrupted({}, () => 'download: 1 verified');
  assert.doesNotMatch(c.err(), /drawn after the abort/);
  // eslint-disable-next-line no-control-regex -- the terminal's escape sequences are what is tested
  assert.match(c.err(), /\r\x1b\[2A\x1b\[Jinterrupted: download: 1 verified\n$/);
});
