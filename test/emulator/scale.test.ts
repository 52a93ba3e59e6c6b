import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SyntheticHub, startEmulator } from '../../src/emulator/index.js';
import { isValidRepoId } from '../../src/emulator/hub/repo-names.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Item {
  id: string;
  _id: string;
  sha?: string;
  downloads: number;
}

async function page(url: string): Promise<{ items: Item[]; next: string | null }> {
  const response = await fetch(url);
  assert.equal(response.status, 200);
  return {
    items: (await response.json()) as Item[],
    next: /^<([^>]+)>/.exec(response.headers.get('link') ?? '')?.[1] ?? null,
  };
}

describe('scale and determinism', () => {
  test('a 3,000,000-model listing is served page by page in the same memory as a 30,000-model one', async () => {
    // retained heap after serving the same three pages from both hubs: it must not depend on N
    const retained = async (models: number): Promise<number> => {
      gc();
      const before = process.memoryUsage().heapUsed;
      const emu = await startEmulator({ models, seed: 'scale' });
      try {
        let url: string | null = `${emu.endpoint}/api/models?full=true&cardData=true&config=true&limit=1000`;
        const seen = new Set<string>();
        for (let i = 0; i < 3 && url !== null; i++) {
          const { items, next } = await page(url);
          assert.equal(items.length, 1000);
          for (const item of items) {
            seen.add(item.id);
            assert.match(item.sha ?? '', /^[0-9a-f]{40}$/);
          }
          url = next;
        }
        assert.equal(seen.size, 3000);
        assert.ok(url !== null, 'more pages follow');
        gc();
        return process.memoryUsage().heapUsed - before;
      } finally {
        await emu.close();
      }
    };
    const small = await retained(30_000);
    const large = await retained(3_000_000);
    assert.ok(
      large < small + 16 * 1024 * 1024,
      `30k models: ${Math.round(small / 1e6)} MB, 3M models: ${Math.round(large / 1e6)} MB`,
    );
    // the tail is generated on demand too, with valid, decodable ids and zero downloads
    const hub = new SyntheticHub({ models: 3_000_000, seed: 'scale' });
    for (const model of hub.models(2_999_990)) {
      assert.ok(isValidRepoId(model.id), model.id);
      assert.equal(hub.get(model.id)?.index, model.index);
      assert.equal(model.downloads, 0);
    }
  });

  test('a full walk of a 20,000-model hub returns exactly N distinct ids', async () => {
    const emu = await startEmulator({ models: 20_000, seed: 'walk' });
    try {
      const ids = new Set<string>();
      let url: string | null = `${emu.endpoint}/api/models?limit=1000`;
      let pages = 0;
      while (url !== null) {
        const { items, next } = await page(url);
        for (const item of items) ids.add(item.id);
        url = next;
        pages++;
      }
      assert.equal(ids.size, 20_000);
      assert.equal(pages, 20);
    } finally {
      await emu.close();
    }
  });

  test('the same seed serves the same hub across restarts; another seed another hub', async () => {
    const fetchState = async (seed: string): Promise<unknown[]> => {
      const emu = await startEmulator({ models: 100, seed });
      try {
        const listing = await (
          await fetch(`${emu.endpoint}/api/models?full=true&cardData=true&limit=100`)
        ).json();
        const id = emu.hub.at(2).id;
        const info = await (await fetch(`${emu.endpoint}/api/models/${id}?blobs=true`)).json();
        const lfs = emu.hub.files(id, 'main').find((f) => f.lfs !== null);
        const bytes = lfs === undefined ? null : emu.hub.readFile(id, 'main', lfs.path).toString('base64');
        return [listing, info, bytes];
      } finally {
        await emu.close();
      }
    };
    const a = await fetchState('same');
    const b = await fetchState('same');
    assert.deepEqual(a, b);
    const c = await fetchState('other');
    assert.notDeepEqual(
      (a[0] as Item[]).map((i) => i.id),
      (c[0] as Item[]).map((i) => i.id),
    );
  });

  test('generated ids follow the Hub rules and decode back to their model', () => {
    const hub = new SyntheticHub({ models: 30_000, seed: 7 });
    const ids = new Set<string>();
    let dotted = 0;
    let underscored = 0;
    let mixedCase = 0;
    for (const model of hub.models()) {
      assert.ok(isValidRepoId(model.id), model.id);
      ids.add(model.id.toLowerCase());
      if (model.id.includes('.')) dotted++;
      if (model.id.includes('_')) underscored++;
      if (/[A-Z]/.test(model.id)) mixedCase++;
    }
    assert.equal(ids.size, 30_000, 'ids are unique, even ignoring case');
    assert.ok(dotted > 1000 && underscored > 1000 && mixedCase > 1000);
    for (const index of [0, 1, 17, 29_999, 30_000, 30_001])
      assert.equal(hub.get(hub.at(index).id)?.index, index);
    assert.equal(hub.get('someone/not-here'), undefined);
  });
});
