import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { HashMismatchError, NetworkError, UnsafePathError } from '../../src/errors.js';
import { createHubClient, type HubClient } from '../../src/hub/index.js';
import { expectedContent, gitBlobSha1 } from '../../src/download/content-hash.js';
import {
  fetchVerifiedFile,
  type FetchFileJob,
  type FileRetry,
} from '../../src/download/http/fetch-verified-file.js';
import { HashPool } from '../../src/download/http/hash-pool.js';
import { placeFile } from '../../src/download/http/place-file.js';
import { COMMIT, startFileServer, type FileServer } from './helpers/file-server.js';
import { instantClock } from './helpers/instant-clock.js';

const REPO = 'org/model';
const BIG = randomBytes(3 * 1024 * 1024 + 17);
const BIG_SHA256 = createHash('sha256').update(BIG).digest('hex');
const SMALL = Buffer.from('{"hello": "world"}\n');
const FILES = {
  big: {
    path: 'weights/model.bin',
    size: BIG.length,
    blobId: '1'.repeat(40),
    lfs: { sha256: BIG_SHA256, size: BIG.length, pointerSize: 134 },
  },
  small: { path: 'config.json', size: SMALL.length, blobId: gitBlobSha1(SMALL), lfs: null },
  empty: { path: '__init__.py', size: 0, blobId: gitBlobSha1(Buffer.alloc(0)), lfs: null },
};

let server: FileServer;
let client: HubClient;
let dir: string;
// Every test runs twice: hashing inline, and in a hash worker reading the partial file back from disk.
const pool = new HashPool({ workers: 1, minBytes: 0 });
before(async () => {
  server = await startFileServer(REPO, [
    { path: FILES.big.path, content: BIG, etag: BIG_SHA256 },
    { path: FILES.small.path, content: SMALL, etag: FILES.small.blobId },
  ]);
  client = createHubClient({
    endpoint: server.origin,
    clock: instantClock(),
    random: () => 0,
    retry: { limit: 3, baseDelayMillis: 1, maxDelayMillis: 1 },
  });
  dir = mkdtempSync(join(tmpdir(), 'fetch-verified-'));
});
after(async () => {
  await pool.close();
  await client.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  server.script();
  server.requests.length = 0;
});

let n = 0;
function job(file: (typeof FILES)[keyof typeof FILES]): FetchFileJob & { finalPath: string; root: string } {
  const root = join(dir, `run-${(n += 1)}`);
  const stagingPath = join(root, '.incomplete', 'x.incomplete');
  const finalPath = join(root, 'repo', ...file.path.split('/'));
  return {
    repoId: REPO,
    commit: COMMIT,
    path: file.path,
    expected: expectedContent(file),
    stagingPath,
    root,
    finalPath,
    place: (staging) => placeFile(staging, join(root, 'repo'), file.path.split('/'), new Set()),
  };
}

let hashers: typeof pool.hashers | undefined;

async function fetch(j: FetchFileJob, retries: FileRetry[] = [], extra = {}) {
  return fetchVerifiedFile(j, {
    client,
    hashers,
    stallDelayMillis: 0,
    sleep: async () => undefined,
    onRetry: (r) => retries.push(r),
    ...extra,
  });
}

for (const mode of ['inline', 'worker'] as const)
  describe(`fetchVerifiedFile (${mode} hashing)`, () => {
    before(() => {
      hashers = mode === 'worker' ? pool.hashers : undefined;
    });

    it('a clean fetch is one request, and only verified content reaches the final path', async () => {
      const j = job(FILES.big);
      const outcome = await fetch(j);
      assert.deepEqual(readFileSync(j.finalPath), BIG);
      assert.equal(outcome.resolveRequests, 1);
      assert.equal(outcome.bytesFetched, BIG.length);
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0]?.range, undefined, 'no Range on a fresh file');
      assert.equal(existsSync(j.stagingPath), false, 'the partial file was renamed');
    });

    it('a reset mid-body resumes with Range from the bytes on disk', async () => {
      server.script({ kind: 'reset', afterBytes: 1_000_000 });
      const j = job(FILES.big);
      const retries: FileRetry[] = [];
      const outcome = await fetch(j, retries);
      assert.deepEqual(readFileSync(j.finalPath), BIG);
      assert.equal(server.requests.length, 2);
      const resumedAt = Number(/^bytes=(\d+)-$/.exec(server.requests[1]?.range ?? '')?.[1]);
      assert.ok(resumedAt > 0 && resumedAt <= 1_000_000, `resumed at ${resumedAt}`);
      assert.deepEqual(
        retries.map((r) => [r.kind, r.offset]),
        [['resume', resumedAt]],
      );
      assert.equal(outcome.bytesFetched, BIG.length, 'no byte fetched twice');
    });

    it('a short body is resumed too', async () => {
      server.script({ kind: 'short', bytes: 5 });
      const j = job(FILES.small);
      await fetch(j);
      assert.deepEqual(readFileSync(j.finalPath), SMALL);
      assert.deepEqual(
        server.requests.map((r) => r.range),
        [undefined, 'bytes=5-'],
      );
    });

    it('a server that ignores the range: the partial file is truncated and the full body taken', async () => {
      server.script({ kind: 'reset', afterBytes: 500_000 }, { kind: 'ignore-range' });
      const j = job(FILES.big);
      const retries: FileRetry[] = [];
      await fetch(j, retries);
      assert.deepEqual(readFileSync(j.finalPath), BIG);
      assert.equal(server.requests.length, 2, 'the 200 body was used, not fetched again');
      assert.deepEqual(
        retries.map((r) => r.kind),
        ['resume', 'range-ignored'],
      );
    });

    it('wrong bytes: fetched again from zero, then verified', async () => {
      server.script({ kind: 'corrupt' });
      const j = job(FILES.big);
      const retries: FileRetry[] = [];
      await fetch(j, retries);
      assert.deepEqual(readFileSync(j.finalPath), BIG);
      assert.deepEqual(
        server.requests.map((r) => r.range),
        [undefined, undefined],
      );
      assert.deepEqual(
        retries.map((r) => r.kind),
        ['hash-mismatch'],
      );
    });

    it('always wrong bytes: HashMismatchError with both digests after the bounded tries; nothing at the final path', async () => {
      server.script({ kind: 'corrupt' }, { kind: 'corrupt' }, { kind: 'corrupt' });
      const j = job(FILES.small);
      await assert.rejects(fetch(j, [], { maxHashTries: 3 }), (error: unknown) => {
        assert.ok(error instanceof HashMismatchError, String(error));
        assert.equal(error.expected, FILES.small.blobId);
        assert.match(error.actual ?? '', /^[0-9a-f]{40}$/);
        assert.notEqual(error.actual, FILES.small.blobId);
        return true;
      });
      assert.equal(server.requests.length, 3);
      assert.equal(existsSync(j.finalPath), false);
      assert.equal(existsSync(j.stagingPath), false);
    });

    it('a partial file left by a killed run is re-hashed and resumed, not fetched again', async () => {
      const j = job(FILES.big);
      mkdirSync(dirname(j.stagingPath), { recursive: true });
      writeFileSync(j.stagingPath, BIG.subarray(0, 2_000_000));
      const outcome = await fetch(j);
      assert.deepEqual(readFileSync(j.finalPath), BIG);
      assert.deepEqual(
        server.requests.map((r) => r.range),
        ['bytes=2000000-'],
      );
      assert.equal(outcome.bytesReused, 2_000_000);
      assert.equal(outcome.bytesFetched, BIG.length - 2_000_000);
    });

    it('a complete partial file (killed before the rename) is verified and placed with no request', async () => {
      const j = job(FILES.small);
      mkdirSync(dirname(j.stagingPath), { recursive: true });
      writeFileSync(j.stagingPath, SMALL);
      const outcome = await fetch(j);
      assert.deepEqual(readFileSync(j.finalPath), SMALL);
      assert.equal(server.requests.length, 0);
      assert.equal(outcome.resolveRequests, 0);
    });

    it('a partial file with wrong bytes ends in a mismatch and a clean refetch', async () => {
      const j = job(FILES.small);
      mkdirSync(dirname(j.stagingPath), { recursive: true });
      writeFileSync(j.stagingPath, Buffer.from('XXXX'));
      await fetch(j);
      assert.deepEqual(readFileSync(j.finalPath), SMALL);
      assert.deepEqual(
        server.requests.map((r) => r.range),
        ['bytes=4-', undefined],
      );
    });

    it('a partial file longer than the file is thrown away', async () => {
      const j = job(FILES.small);
      mkdirSync(dirname(j.stagingPath), { recursive: true });
      writeFileSync(j.stagingPath, Buffer.alloc(SMALL.length + 10, 1));
      await fetch(j);
      assert.deepEqual(readFileSync(j.finalPath), SMALL);
      assert.deepEqual(
        server.requests.map((r) => r.range),
        [undefined],
      );
    });

    it('a zero-byte file with the empty blob id needs no request', async () => {
      const j = job(FILES.empty);
      const outcome = await fetch(j);
      assert.equal(readFileSync(j.finalPath).length, 0);
      assert.equal(outcome.resolveRequests, 0);
      assert.equal(server.requests.length, 0);
    });

    it('resets with no progress fail the file after the bounded stalls', async () => {
      server.script(...Array.from({ length: 10 }, () => ({ kind: 'reset' as const, afterBytes: 0 })));
      const j = job(FILES.small);
      await assert.rejects(fetch(j, [], { maxStalls: 2 }), NetworkError);
      assert.equal(server.requests.length, 3);
      assert.equal(existsSync(j.finalPath), false);
    });

    it('a server that ignores ranges and resets at the same byte does not loop forever', async () => {
      server.script(
        { kind: 'reset', afterBytes: 100_000 },
        ...Array.from({ length: 10 }, () => ({ kind: 'ignore-range-reset' as const, afterBytes: 100_000 })),
      );
      const j = job(FILES.big);
      await assert.rejects(fetch(j, [], { maxStalls: 3 }), NetworkError);
      // It gave up while the server was still failing (the script has 11 failures, then the server behaves).
      assert.ok(server.requests.length < 11, `${server.requests.length} requests`);
    });

    it('a symlinked folder inside the repo folder is never written through', async () => {
      const j = job({ ...FILES.small, path: 'sub/config.json' });
      const outside = join(j.root, 'outside');
      mkdirSync(outside, { recursive: true });
      mkdirSync(join(j.root, 'repo'), { recursive: true });
      symlinkSync(outside, join(j.root, 'repo', 'sub'));
      server.script();
      const small = { ...j, path: 'config.json' };
      await assert.rejects(fetch(small), UnsafePathError);
      assert.deepEqual(readdirSync(outside), []);
    });
  });
