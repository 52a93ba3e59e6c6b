import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseModelCard } from './parse-model-card.js';

test('front matter becomes fields (lists, nesting, dates kept as text), the text after it is kept', () => {
  const card = parseModelCard(
    '---\nlicense: other\nlicense_name: acme\ndatasets:\n- squad\n- glue\nmodel-index:\n  - name: x\n    results: []\ndate: 2024-01-02\n---\n\n# Title\nBody\n',
  );
  assert.equal(card.parseError, null);
  assert.deepEqual(card.frontMatter, {
    license: 'other',
    license_name: 'acme',
    datasets: ['squad', 'glue'],
    'model-index': [{ name: 'x', results: [] }],
    date: '2024-01-02',
  });
  assert.equal(card.text, '\n# Title\nBody\n');
});

test('no front matter, broken YAML and a non-mapping keep the text and say why', () => {
  assert.deepEqual(parseModelCard('# Just text\n'), {
    frontMatter: null,
    parseError: null,
    text: '# Just text\n',
  });
  const broken = parseModelCard('---\nlicense: [unclosed\n---\nrest');
  assert.equal(broken.frontMatter, null);
  assert.match(broken.parseError ?? '', /\S/);
  assert.equal(broken.text, 'rest');
  assert.equal(parseModelCard('---\n- a\n- b\n---\n').parseError, 'the front matter is not a mapping');
  assert.deepEqual(parseModelCard('\uFEFF---\r\na: 1\r\n---\r\nx').frontMatter, { a: 1 });
  assert.deepEqual(parseModelCard('---\n\n---\nx').frontMatter, {}, 'empty front matter');
});
