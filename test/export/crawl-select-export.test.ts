/**
 * The metadata half end to end against the emulator: crawl, select, export; the selection is the emulator's
 * own ranking, every record validates, legacy ids get the legacy owner, and hf_metadata.json is the listing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { crawl } from '../../src/crawl/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { type PtmTorrentRecord, createPtmValidator, exportDataset } from '../../src/export/index.js';
import { createHubClient } from '../../src/hub/index.js';
import { select } from '../../src/select/index.js';
import { tempDataDir } from '../catalog/helpers.js';

test('crawl, select and export an emulated Hub', async (t) => {
  const emu = await startEmulator({ models: 400, seed: 'pipeline' });
  t.after(() => emu.close());
  const client = createHubClient({ endpoint: emu.endpoint });
  t.after(() => client.close());
  const dataDir = tempDataDir(t);

  await crawl({ dataDir, client, pageSize: 150 });
  const selected = await select({ dataDir, shrinkage: 0.1, shards: 4 });
  assert.equal(selected.selection.count, 40);
  const summary = await exportDataset({ dataDir });

  const listed = [...emu.hub.models()];
  const ranking = [...listed]
    .sort((a, b) => b.downloads - a.downloads || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, 40);
  const records = JSON.parse(readFileSync(summary.seed?.recordsFile ?? '', 'utf8')) as PtmTorrentRecord[];
  assert.deepEqual(
    records.map((r) => r.ModelName),
    ranking.map((m) => m.id),
  );
  const validate = createPtmValidator();
  for (const record of records) validate(record);

  const legacy = emu.hub.specials.legacy;
  assert.ok(legacy.length > 0);
  for (const id of legacy) {
    const record = records.find((r) => r.ModelName === id);
    assert.equal(record?.ModelOwner, 'huggingface.co', id);
    assert.equal(record?.ModelOwnerURL, emu.endpoint);
  }
  for (const record of records) {
    const model = listed.find((m) => m.id === record.ModelName);
    assert.equal(record.LatestGitCommitSHA, emu.hub.listedSha(record.ModelName), record.ModelName);
    assert.equal(record.ModelTask, model?.pipelineTag ?? undefined, record.ModelName);
  }

  const metadata = JSON.parse(readFileSync(summary.seed?.metadataFile ?? '', 'utf8')) as { id: string }[];
  assert.deepEqual(
    metadata.map((m) => m.id),
    listed.map((m) => m.id),
  );
});
