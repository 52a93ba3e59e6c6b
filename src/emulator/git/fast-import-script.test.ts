import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quotePath } from './fast-import-script.js';

test('paths are C-quoted for fast-import: quotes, backslashes, newlines, control characters; UTF-8 kept', () => {
  assert.equal(quotePath('README.md'), '"README.md"');
  assert.equal(quotePath('a dir/with space.bin'), '"a dir/with space.bin"');
  assert.equal(quotePath('say "hi"\\now'), '"say \\"hi\\"\\\\now"');
  assert.equal(quotePath('line\nbreak\ttab\x7f'), '"line\\nbreak\\011tab\\177"');
  assert.equal(quotePath('weights/é 模型 🤗.bin'), '"weights/é 模型 🤗.bin"');
});
