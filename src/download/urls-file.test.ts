import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../errors.js';
import { parseUrlsFile } from './urls-file.js';

const EP = 'http://127.0.0.1:8080';
const SHA = 'a'.repeat(40);

test('lines give repo ids, optional commits; blanks and comments are skipped', () => {
  const text = [
    '# shard 1 of 4',
    `${EP}/org/model`,
    '',
    `  ${EP}/gpt2@${SHA.toUpperCase()}  `,
    `${EP}/org/other/ # trailing comment`,
    `${EP}/org/model`,
  ].join('\r\n');
  assert.deepEqual(parseUrlsFile(text, EP), [
    { repoId: 'org/model', commit: null, revision: null, line: 2 },
    { repoId: 'gpt2', commit: SHA, revision: null, line: 4 },
    { repoId: 'org/other', commit: null, revision: null, line: 5 },
  ]);
  assert.deepEqual(parseUrlsFile('', EP), []);
});

test('bare ORG/NAME[@REV] lines, like hf download names repos; datasets and spaces by their prefix', () => {
  const text = [
    'org/model  # a comment',
    `org/pinned@${SHA}`,
    'org/tagged@v1.0',
    'datasets/org/corpus@refs/pr/1',
    `${EP}/spaces/org/demo`,
  ].join('\n');
  assert.deepEqual(parseUrlsFile(text, EP), [
    { repoId: 'org/model', commit: null, revision: null, line: 1 },
    { repoId: 'org/pinned', commit: SHA, revision: null, line: 2 },
    { repoId: 'org/tagged', commit: null, revision: 'v1.0', line: 3 },
    { repoId: 'datasets/org/corpus', commit: null, revision: 'refs/pr/1', line: 4 },
    { repoId: 'spaces/org/demo', commit: null, revision: null, line: 5 },
  ]);
  // a URL still pins commits only: a branch there could be anything
  assert.throws(() => parseUrlsFile(`${EP}/org/model@main`, EP), /line 1: the commit/);
  assert.throws(() => parseUrlsFile('org/a/b', EP), /line 1: not a valid repo id/);
  assert.throws(() => parseUrlsFile('org/model@', EP), /line 1: the commit/);
});

test('a bad line is one error naming its number', () => {
  const cases: Array<[string, RegExp]> = [
    [`${EP}/org/model\nhttps://huggingface.co/org/x`, /line 2: not under the endpoint/],
    [`${EP}/org/model@abc`, /line 1: the commit/],
    [`${EP}/org/../x`, /line 1: not a valid repo id/],
    [`${EP}/a/b/c`, /line 1: not a valid repo id/],
    [`${EP}/`, /line 1: not a valid repo id/],
    [`\n\n${EP}/a/b ${EP}/c/d`, /line 3: one URL a line/],
    [`${EP}/a/b@${SHA}\n${EP}/a/b@${'b'.repeat(40)}`, /line 2: repo listed again \(line 1\)/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseUrlsFile(text, EP, 'split_url_1.txt'),
      (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, /^split_url_1\.txt line \d+: /);
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      },
    );
  }
});
