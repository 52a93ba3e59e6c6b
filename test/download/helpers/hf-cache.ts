/**
 * Checks of a Hugging Face cache we wrote: the layout rules in JS (what huggingface_hub expects of
 * `models--ORG--NAME/{blobs,snapshots,refs,trees}`), and the official client itself reading it offline.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gitBlobSha1 } from '../../../src/download/content-hash.js';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { splitRepoKey } from '../../../src/repo-key.js';
import { runPython } from '../../helpers/python.js';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** `models--ORG--NAME`, `datasets--ORG--NAME`, ... as huggingface_hub names a repo's folder. */
export function cacheFolder(cacheDir: string, repoKey: string): string {
  const { type, id } = splitRepoKey(repoKey);
  return join(cacheDir, [`${type}s`, ...id.split('/')].join('--'));
}

/**
 * The layout rules, file by file: `snapshots/<commit>/<path>` is a relative symlink to `../…/blobs/<etag>`,
 * the etag being the sha256 of an LFS file or the git blob sha1 of any other; the blob holds exactly the
 * emulator's bytes; `blobs/` holds each distinct content once and nothing else (with one snapshot: exactly
 * these; with more, at least these); `trees/<commit>.json` lists
 * every file of the commit. Returns the number of distinct blobs.
 */
export function assertCacheLayout(
  emu: RunningEmulator,
  cacheDir: string,
  repoKey: string,
  commit: string,
  paths?: readonly string[],
): number {
  const folder = cacheFolder(cacheDir, repoKey);
  const model = emu.hub.lookupRepo(repoKey)?.model;
  assert.ok(model !== undefined, `${repoKey} is on the emulator`);
  const files = emu.hub.files(model, commit);
  const wanted = files.filter((f) => paths === undefined || paths.includes(f.path));
  assert.ok(wanted.length > 0);
  const etags = new Set<string>();
  for (const file of wanted) {
    const etag = file.lfs?.sha256 ?? file.blobId;
    etags.add(etag);
    const link = join(folder, 'snapshots', commit, ...file.path.split('/'));
    assert.ok(lstatSync(link).isSymbolicLink(), `${file.path} is a symlink`);
    const target = readlinkSync(link);
    assert.equal(target, `${'../'.repeat(file.path.split('/').length + 1)}blobs/${etag}`, file.path);
    assert.equal(resolve(dirname(link), target), join(folder, 'blobs', etag));
    const bytes = readFileSync(link);
    assert.ok(bytes.equals(emu.hub.readFile(model, commit, file.path)), `${file.path}: the emulator's bytes`);
    assert.equal(file.lfs === null ? gitBlobSha1(bytes) : sha256(bytes), etag);
  }
  const blobs = readdirSync(join(folder, 'blobs')).sort();
  for (const name of blobs) assert.match(name, /^([0-9a-f]{40}|[0-9a-f]{64})$/, 'no partial file left');
  if (paths === undefined && readdirSync(join(folder, 'snapshots')).length === 1) {
    assert.deepEqual(blobs, [...etags].sort(), 'each content once in blobs/');
  } else {
    for (const etag of etags) assert.ok(blobs.includes(etag));
  }
  const tree = JSON.parse(readFileSync(join(folder, 'trees', `${commit}.json`), 'utf8')) as {
    format_version: number;
    files: Record<string, { size: number; blob_id: string; lfs_sha256?: string }>;
  };
  assert.equal(tree.format_version, 1);
  assert.deepEqual(Object.keys(tree.files).sort(), files.map((f) => f.path).sort());
  for (const f of files) assert.equal(tree.files[f.path]?.blob_id, f.blobId);
  assert.ok(existsSync(join(cacheDir, 'CACHEDIR.TAG')));
  return etags.size;
}

/** The commit `refs/<revision>` names, or null when there is no such ref. */
export function cacheRef(cacheDir: string, repoKey: string, revision: string): string | null {
  const path = join(cacheFolder(cacheDir, repoKey), 'refs', ...revision.split('/'));
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

const READ_OFFLINE = `
import hashlib, json, os, sys
from huggingface_hub import hf_hub_download, scan_cache_dir, snapshot_download
cache, repo_id, repo_type, revision = sys.argv[1:5]
revision = revision or None
folder = snapshot_download(repo_id, repo_type=repo_type, revision=revision, cache_dir=cache, local_files_only=True)
# what \`hf cache scan\` finds wrong with the cache (nothing, for a cache it could have written)
out = {"folder": folder, "files": {}, "warnings": [str(w) for w in scan_cache_dir(cache).warnings]}
for root, _, names in os.walk(folder):
    for name in names:
        rel = os.path.relpath(os.path.join(root, name), folder).replace(os.sep, "/")
        path = hf_hub_download(repo_id, rel, repo_type=repo_type, revision=revision, cache_dir=cache)
        with open(path, "rb") as f:
            out["files"][rel] = hashlib.sha256(f.read()).hexdigest()
print(json.dumps(out))
`;

/**
 * What huggingface_hub finds in the cache offline (`HF_HUB_OFFLINE=1`): `snapshot_download(...,
 * local_files_only=True)` for the snapshot folder, then `hf_hub_download` for each file in it; the sha256 of
 * each file's bytes, by path.
 */
export function readWithOfficialClient(
  python: string,
  cacheDir: string,
  repoKey: string,
  revision: string | null,
): { folder: string; files: Record<string, string> } {
  const { type, id } = splitRepoKey(repoKey);
  const read = readOffline(python, cacheDir, type, id, revision);
  assert.deepEqual(read.warnings, [], 'hf cache scan finds nothing wrong');
  return { folder: read.folder, files: read.files };
}

function readOffline(
  python: string,
  cacheDir: string,
  type: string,
  id: string,
  revision: string | null,
): { folder: string; files: Record<string, string>; warnings: string[] } {
  const stdout = runPython(python, READ_OFFLINE, [cacheDir, id, type, revision ?? ''], {
    HF_HUB_OFFLINE: '1',
    HF_HUB_DISABLE_TELEMETRY: '1',
  });
  return JSON.parse(stdout) as { folder: string; files: Record<string, string>; warnings: string[] };
}

/** The sha256 of each file of the repo at `commit` on the emulator (what the official client must find). */
export function emulatorSha256s(
  emu: RunningEmulator,
  repoKey: string,
  commit: string,
  paths?: readonly string[],
): Record<string, string> {
  const model = emu.hub.lookupRepo(repoKey)?.model;
  assert.ok(model !== undefined);
  const out: Record<string, string> = {};
  for (const f of emu.hub.files(model, commit)) {
    if (paths === undefined || paths.includes(f.path))
      out[f.path] = sha256(emu.hub.readFile(model, commit, f.path));
  }
  return out;
}
