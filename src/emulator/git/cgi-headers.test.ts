import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCgiHead } from './cgi-headers.js';

test('parses CRLF headers, the Status line and keeps the body start', () => {
  const head = parseCgiHead(
    Buffer.from('Status: 404 Not Found\r\nContent-Type: text/plain\r\nExpires: never\r\n\r\nbody'),
  );
  assert.deepEqual(head?.status, 404);
  assert.deepEqual(head?.headers, [
    ['Content-Type', 'text/plain'],
    ['Expires', 'never'],
  ]);
  assert.equal(head?.rest.toString(), 'body');
});

test('bare LF line ends, default status 200, a body that contains a blank line', () => {
  const head = parseCgiHead(Buffer.from('Content-Type: application/x-git\n\n0000\n\nmore'));
  assert.equal(head?.status, 200);
  assert.equal(head?.rest.toString(), '0000\n\nmore');
});

test('null while the header block is incomplete; malformed lines throw', () => {
  assert.equal(parseCgiHead(Buffer.from('Content-Type: text/plain\r\n')), null);
  assert.throws(() => parseCgiHead(Buffer.from('no colon here\r\n\r\n')), /malformed/);
  assert.throws(() => parseCgiHead(Buffer.from('Status: abc\r\n\r\n')), /bad CGI status/);
});
