import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { JournalWriter, readJournal } from './journal.js';

test('readers take complete lines only; a writer started again cuts the partial tail before it appends', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-'));
  try {
    const path = join(dir, 'ledgers', 'worker-0.ndjson');
    assert.deepEqual(readJournal(path), { entries: [], bytes: 0 });
    const first = new JournalWriter(path, 0);
    first.append({ t: 1, op: 'ledger.enlist', args: [[], 'selection'] });
    first.append({ t: 2, op: 'ledger.recordMain', args: ['a/b', 'f'.repeat(40)] });
    first.close();
    // killed mid-write: half a line at the end
    appendFileSync(path, '{"t":3,"op":"ledger.setRe');
    const read = readJournal(path);
    assert.deepEqual(
      read.entries.map((e) => e.t),
      [1, 2],
    );
    const again = new JournalWriter(path, read.bytes);
    again.append({ t: 4, op: 'ledger.fileAttempted', args: ['a/b', 'x'] });
    again.close();
    assert.deepEqual(
      readJournal(path).entries.map((e) => e.t),
      [1, 2, 4],
    );
    assert.equal(readFileSync(path, 'utf8').split('\n').length, 4, 'three lines and the final newline');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a line that is not an entry is an error naming the line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-'));
  try {
    const path = join(dir, 'j.ndjson');
    appendFileSync(path, '{"t":1,"op":"x","args":[]}\nnot json\n');
    assert.throws(() => readJournal(path), /line 2: not a journal entry/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
