import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextPageUrl, parseLinkHeader } from './link-header.js';

describe('Link header', () => {
  it('reads the Hub listing link verbatim', () => {
    const url =
      'https://huggingface.co/api/models?sort=createdAt&direction=-1&limit=50&cursor=eyJfaWQiOnsiJGx0IjoiNmEwZTMxNDFmMjdlNGU0NGU5OTlhMjhhIn19';
    assert.equal(nextPageUrl(`<${url}>; rel="next"`), url);
  });
  it('keeps percent-encoding as sent', () => {
    const url = 'http://127.0.0.1:1/api/models/a/b/tree/main?recursive=true&cursor=ZXlK%3D%3D';
    assert.equal(nextPageUrl(`<${url}>; rel="next"`), url);
  });
  it('returns null without a next link', () => {
    assert.equal(nextPageUrl(undefined), null);
    assert.equal(nextPageUrl(''), null);
    assert.equal(nextPageUrl('<https://x/a>; rel="prev"'), null);
  });
  it('handles several links, unquoted rel, several rel types and commas in targets', () => {
    const links = parseLinkHeader(
      '<https://x/p?a=1,2>; rel=prev, <https://x/n?c=3>;rel="next last"; title="t, u", <https://x/z>; rel="next"',
    );
    assert.equal(links.get('prev'), 'https://x/p?a=1,2');
    assert.equal(links.get('next'), 'https://x/n?c=3');
    assert.equal(links.get('last'), 'https://x/n?c=3');
  });
  it('resolves a relative target against the base, and drops it without one', () => {
    assert.equal(
      nextPageUrl('</api/models?cursor=abc>; rel="next"', 'http://h:1/api/models?x=1'),
      'http://h:1/api/models?cursor=abc',
    );
    assert.equal(nextPageUrl('</api/models?cursor=abc>; rel="next"'), null);
  });
  it('reads the xet rels of a resolve response', () => {
    const links = parseLinkHeader(
      '<https://huggingface.co/api/models/m/xet-read-token/45ce>; rel="xet-auth", <https://cas-server.xethub.hf.co/v1/reconstructions/e0aa>; rel="xet-reconstruction-info"',
    );
    assert.equal(links.get('xet-auth'), 'https://huggingface.co/api/models/m/xet-read-token/45ce');
    assert.equal(links.size, 2);
  });
});
