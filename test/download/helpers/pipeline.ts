/**
 * End-to-end fixtures for download tests: the emulator on 127.0.0.1:0, a catalog seeded by the real crawl and
 * select, and checks of what landed on disk against the emulator's own view of each repo.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { openCatalog } from '../../../src/catalog/index.js';
import { crawl } from '../../../src/crawl/index.js';
import { gitBlobSha1 } from '../../../src/download/content-hash.js';
import { repoFolder, reposRoot } from '../../../src/download/index.js';
import {
  SIZE_PROFILES,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
  type SizeProfile,
} from '../../../src/emulator/index.js';
import { createHubClient, type HubClient, type HubClientOptions } from '../../../src/hub/index.js';
import { instantClock } from './instant-clock.js';

export const TOKEN = 'hf_test_token';

/** A size profile for one test: the tiny profile's sizes, for the top 100 repos, with `sizes` instead. */
export function testProfile(name: string, sizes: Partial<SizeProfile>): SizeProfile {
  return { ...SIZE_PROFILES.tiny, name, headRepos: 100, ...sizes };
}

export interface Fixture {
  emulator: RunningEmulator;
  client: HubClient;
  close(): Promise<void>;
}

/** The emulator (anonymous by default) and a client whose backoff and pacing waits are instant. */
export async function startFixture(
  options: Partial<EmulatorOptions> = {},
  clientOptions: Partial<HubClientOptions> = {},
): Promise<Fixture> {
  const emulator = await startEmulator({
    models: 20,
    seed: 'download-tests',
    tokens: { [TOKEN]: { user: 'tester' } },
    ...options,
  });
  const client = newClient(emulator, clientOptions);
  return {
    emulator,
    client,
    close: async () => {
      await client.close();
      await emulator.close();
    },
  };
}

export function newClient(emulator: RunningEmulator, options: Partial<HubClientOptions> = {}): HubClient {
  return createHubClient({
    endpoint: emulator.endpoint,
    token: TOKEN,
    clock: instantClock(),
    random: () => 0,
    ...options,
  });
}

/**
 * Crawls the emulator into `dataDir` (the real crawl) and makes the top `top` models by downloads the current
 * selection through the catalog's selection store (what `select` does, minus the split files).
 */
export async function seedSelection(dataDir: string, client: HubClient, top: number): Promise<void> {
  await crawl({ dataDir, client });
  const catalog = openCatalog(dataDir);
  try {
    const snapshot = catalog.snapshots.latestFinished();
    assert.ok(snapshot !== null, 'the crawl finished');
    catalog.selections.replace({
      snapshotId: snapshot.id,
      method: 'top',
      shrinkage: null,
      top,
      total: snapshot.models,
      count: Math.min(top, snapshot.models),
      shards: 1,
      endpoint: client.endpoint,
      now: new Date().toISOString(),
    });
  } finally {
    catalog.close();
  }
}

/** Every file under `dir`, as `/`-separated relative paths (symlinks listed, not followed). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (lstatSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Asserts that the repo folder holds exactly the files of `repoId` at `commit` (or those `keep` accepts), each
 * with the content hash the emulator's git objects give it.
 */
export function assertRepoOnDisk(
  dataDir: string,
  emulator: RunningEmulator,
  repoId: string,
  commit: string,
  keep: (path: string) => boolean = () => true,
): void {
  const folder = repoFolder(reposRoot(dataDir), repoId);
  const expected = emulator.hub.files(repoId, commit).filter((f) => keep(f.path));
  assert.deepEqual(filesUnder(folder), expected.map((f) => f.path).sort(), `${repoId}: the files on disk`);
  for (const file of expected) {
    const content = readFileSync(join(folder, ...file.path.split('/')));
    assert.equal(content.length, file.size, `${repoId}/${file.path}: size`);
    if (file.lfs !== null) {
      assert.equal(
        createHash('sha256').update(content).digest('hex'),
        file.lfs.sha256,
        `${repoId}/${file.path}`,
      );
    } else {
      assert.equal(gitBlobSha1(content), file.blobId, `${repoId}/${file.path}`);
    }
  }
}

/** The current selection's repos and their listed commits, in rank order. */
export function selectedRepos(dataDir: string): Array<{ id: string; sha: string }> {
  const catalog = openCatalog(dataDir);
  try {
    return [...catalog.selections.iterate()].map((r) => ({ id: r.id, sha: r.sha as string }));
  } finally {
    catalog.close();
  }
}

/** Partial files left in the staging area (an empty list once every repo is verified). */
export function leftoverPartials(dataDir: string): string[] {
  return filesUnder(join(reposRoot(dataDir), '.incomplete'));
}
