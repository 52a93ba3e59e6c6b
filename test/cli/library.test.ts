import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as lib from '../../src/index.js';

test('the library entry exposes the pipeline stages, the client and the emulator', () => {
  for (const name of [
    'createHubClient',
    'crawl',
    'select',
    'download',
    'exportDataset',
    'status',
    'runPipeline',
    'startEmulator',
    'openCatalog',
    'HfTorrentError',
  ] as const) {
    assert.equal(typeof lib[name], 'function', name);
  }
});

test('the library runs the whole pipeline without the CLI', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const emulator = await lib.startEmulator({ models: 60, seed: 9 });
  const dataDir = mkdtempSync(join(tmpdir(), 'hft-lib-'));
  const client = lib.createHubClient({ endpoint: emulator.endpoint });
  try {
    const s = await lib.runPipeline({ dataDir, client, top: 5, shards: 2 });
    assert.equal(s.crawl.snapshot.models, 60);
    assert.equal(s.select.selection.count, 5);
    assert.equal(s.export.seed?.records, 5);
    assert.ok(s.download !== null && s.download.repos.total === 5);
  } finally {
    await client.close();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
