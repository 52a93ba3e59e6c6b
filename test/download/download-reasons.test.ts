/**
 * A reason the Hub gave (gated, not found, disabled) stays until the Hub says otherwise: a re-run does not ask
 * again, a Hub that cannot be reached never turns it into a network failure, and it is asked again only when
 * something changed (another token) or with --retry-skipped.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openCatalog } from '../../src/catalog/index.js';
import { download, type DownloadSummary } from '../../src/download/index.js';
import { createHubClient } from '../../src/hub/index.js';
import { instantClock } from './helpers/instant-clock.js';
import { newClient, seedSelection, startFixture, TOKEN, type Fixture } from './helpers/pipeline.js';

const top = mkdtempSync(join(tmpdir(), 'download-reasons-'));
after(() => rmSync(top, { recursive: true, force: true }));

function skips(dataDir: string): Record<string, string> {
  const catalog = openCatalog(dataDir);
  try {
    const rows = catalog.ledger.repos().filter((r) => r.state === 'skipped');
    return Object.fromEntries(rows.map((r) => [r.repoId, r.reason ?? '']));
  } finally {
    catalog.close();
  }
}

describe("the Hub's reasons last", () => {
  let fx: Fixture;
  let dataDir: string;
  let first: DownloadSummary;
  let reasons: Record<string, string>;
  before(async () => {
    // anonymous: gated repos are refused
    fx = await startFixture({ models: 20 }, { token: undefined });
    dataDir = join(top, 'data');
    await seedSelection(dataDir, fx.client, 20);
    first = await download({ dataDir, client: fx.client, stallDelayMillis: 0 });
    reasons = skips(dataDir);
    assert.ok(Object.values(reasons).includes('gated'), JSON.stringify(reasons));
    assert.ok(Object.values(reasons).includes('disabled'));
  });
  after(() => fx.close());

  it('a re-run asks the Hub nothing about them and keeps every reason', async () => {
    fx.emulator.stats.reset();
    const again = await download({ dataDir, client: fx.client, stallDelayMillis: 0 });
    for (const id of Object.keys(reasons)) {
      assert.equal(fx.emulator.stats.resolveCount(id), 0, id);
    }
    assert.equal(fx.emulator.stats.byKind.info, 0);
    assert.deepEqual(again.skippedByReason, first.skippedByReason);
    assert.deepEqual(skips(dataDir), reasons);
  });

  it('with the Hub unreachable, even with --retry-skipped, no reason becomes a network failure', async () => {
    const dead = createHubClient({
      endpoint: 'http://127.0.0.1:9',
      clock: instantClock(),
      random: () => 0,
      retry: { limit: 2 },
    });
    try {
      const again = await download({ dataDir, client: dead, stallDelayMillis: 0, retrySkipped: true });
      assert.deepEqual(again.skippedByReason, first.skippedByReason);
      assert.equal(again.failedByReason.network_error, undefined, JSON.stringify(again.failed));
      assert.deepEqual(skips(dataDir), reasons);
    } finally {
      await dead.close();
    }
  });

  it('another token asks again, and the skip is then recorded under that identity', async () => {
    fx.emulator.stats.reset();
    const withToken = newClient(fx.emulator, { token: TOKEN });
    try {
      await download({ dataDir, client: withToken, stallDelayMillis: 0 });
      assert.ok(fx.emulator.stats.byKind.info > 0, 'the Hub was asked again');
      const catalog = openCatalog(dataDir);
      try {
        for (const id of Object.keys(skips(dataDir))) {
          assert.equal(catalog.ledger.getRepo(id)?.askedAs, withToken.identity, id);
        }
      } finally {
        catalog.close();
      }
      assert.notEqual(withToken.identity, fx.client.identity);
      assert.ok(!withToken.identity.includes(TOKEN), 'the identity does not hold the token');
    } finally {
      await withToken.close();
    }
  });
});
