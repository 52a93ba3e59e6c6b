/**
 * The protocol reference's emulator checklist (§9.1), request by request, plus huggingface_hub's metadata
 * algorithm (§3.2: HEAD without following redirects, follow only relative ones with the query dropped).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

interface FileMetadata {
  commit: string | null;
  etag: string | null;
  size: number | null;
  location: string;
}

/** huggingface_hub's get_hf_file_metadata, re-stated: HEAD, follow relative redirects only (query dropped). */
async function fileMetadata(url: string, token?: string): Promise<FileMetadata> {
  let current = new URL(url);
  for (;;) {
    const response = await fetch(current, {
      method: 'HEAD',
      redirect: 'manual',
      headers: {
        'Accept-Encoding': 'identity',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
    });
    const location = response.headers.get('location');
    const redirect = response.status >= 300 && response.status < 400 && location !== null;
    if (redirect && !/^https?:\/\//.test(location)) {
      // the follow-up is the original URL with only its path replaced: the Location's query is dropped
      current = new URL(current.href);
      current.pathname = location.split('?')[0] as string;
      current.search = '';
      continue;
    }
    const etag = response.headers.get('x-linked-etag') ?? response.headers.get('etag');
    const size =
      response.headers.get('x-linked-size') ?? (redirect ? null : response.headers.get('content-length'));
    return {
      commit: response.headers.get('x-repo-commit'),
      etag: etag === null ? null : etag.replace(/^W\//, '').replace(/"/g, ''),
      size: size === null ? null : Number(size),
      location: location ?? current.href,
    };
  }
}

describe('protocol checklist', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ models: 120, seed: 'checklist' });
  });
  after(() => emu.close());

  test('huggingface_hub metadata flow: regular and LFS files, then the download without the token on the CDN', async () => {
    const id = emu.hub.at(0).id;
    const sha = emu.hub.currentSha(id);
    for (const file of emu.hub.files(id, sha)) {
      const meta = await fileMetadata(`${emu.endpoint}/${id}/resolve/main/${file.path}`);
      assert.equal(meta.commit, sha, file.path);
      assert.equal(meta.etag, file.lfs?.sha256 ?? file.blobId, file.path);
      assert.equal(meta.size, file.size, file.path);
      const response = await fetch(meta.location);
      const bytes = Buffer.from(await response.arrayBuffer());
      if (file.lfs !== null) {
        assert.equal(new URL(meta.location).origin, emu.cdnEndpoint);
        assert.equal(createHash('sha256').update(bytes).digest('hex'), file.lfs.sha256);
      } else {
        assert.equal(bytes.length, file.size);
      }
    }
  });

  test('every Hub response carries X-Request-Id and RateLimit headers, errors and redirects included', async () => {
    const id = emu.hub.at(0).id;
    for (const path of [
      '/api/models?limit=2',
      `/api/models/${id}`,
      '/api/models/x/missing-00000',
      `/${id}/resolve/main/README.md`,
      `/${id}/resolve/main/nope`,
      '/api/models?expand=bad',
      `/${id}`,
    ]) {
      for (const method of ['GET', 'HEAD']) {
        const response = await fetch(`${emu.endpoint}${path}`, { method, redirect: 'manual' });
        assert.match(response.headers.get('x-request-id') ?? '', /^Root=1-/, `${method} ${path}`);
        assert.match(
          response.headers.get('ratelimit') ?? '',
          /^"(api|resolvers|pages)";r=\d+;t=\d+$/,
          `${method} ${path}`,
        );
        assert.match(
          response.headers.get('ratelimit-policy') ?? '',
          /^"fixed window";"(api|resolvers|pages)";q=\d+;w=\d+$/,
        );
        for (const header of ['x-xet-hash', 'content-encoding'])
          assert.equal(response.headers.get(header), null, `${header} on ${path}`);
        assert.doesNotMatch(response.headers.get('link') ?? '', /xet/);
      }
    }
  });

  test('content types: JSON on the API, text on resolve errors, never gzip', async () => {
    const id = emu.hub.at(0).id;
    assert.equal(
      (await fetch(`${emu.endpoint}/api/models?limit=1`)).headers.get('content-type'),
      'application/json; charset=utf-8',
    );
    const missing = await fetch(`${emu.endpoint}/${id}/resolve/main/nope`);
    assert.equal(missing.headers.get('content-type'), 'text/plain; charset=utf-8');
    const file = await fetch(`${emu.endpoint}/${id}/resolve/main/README.md`, {
      headers: { 'Accept-Encoding': 'gzip, br' },
    });
    assert.equal(file.headers.get('content-encoding'), null);
    assert.equal(
      Number(file.headers.get('content-length')),
      emu.hub.readFile(id, 'main', 'README.md').length,
    );
  });

  test('Range everywhere: resolve (through redirects), resolve-cache and CDN answer 206 and 416', async () => {
    const id = emu.hub.at(0).id;
    for (const file of emu.hub.files(id, 'main').filter((f) => f.size > 10)) {
      const url = `${emu.endpoint}/${id}/resolve/main/${file.path}`;
      const partial = await fetch(url, { headers: { Range: 'bytes=0-0' } });
      assert.equal(partial.status, 206, file.path);
      assert.equal(partial.headers.get('content-range'), `bytes 0-0/${file.size}`);
      const resumed = await fetch(url, { headers: { Range: `bytes=${file.size - 3}-` } });
      assert.deepEqual(
        Buffer.from(await resumed.arrayBuffer()),
        emu.hub.readFile(id, 'main', file.path, file.size - 3),
      );
      const past = await fetch(url, { headers: { Range: `bytes=${file.size + 10}-` } });
      assert.equal(past.status, 416);
      assert.equal(past.headers.get('content-range'), `bytes */${file.size}`);
    }
  });
});
