import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

type Item = Record<string, unknown> & { id: string; _id: string; downloads: number };

async function getJson(url: string): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Follows Link rel=next to the end; returns every item and the number of pages. */
async function walk(url: string): Promise<{ items: Item[]; pages: number; links: string[] }> {
  const items: Item[] = [];
  const links: string[] = [];
  let next: string | null = url;
  let pages = 0;
  while (next !== null) {
    const { status, headers, body } = await getJson(next);
    assert.equal(status, 200);
    assert.ok(Array.isArray(body));
    items.push(...(body as Item[]));
    pages++;
    const link = headers.get('link');
    next = link === null ? null : (/^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? null);
    if (link !== null) links.push(link);
  }
  return { items, pages, links };
}

describe('GET /api/models', () => {
  let emu: RunningEmulator;
  before(async () => {
    emu = await startEmulator({ models: 1000, seed: 'listing' });
  });
  after(() => emu.close());

  test('a full walk returns exactly N distinct ids in non-increasing downloads order, page by page', async () => {
    const { items, pages, links } = await walk(
      `${emu.endpoint}/api/models?limit=97&sort=downloads&direction=-1`,
    );
    assert.equal(items.length, 1000);
    assert.equal(pages, Math.ceil(1000 / 97));
    assert.equal(new Set(items.map((i) => i.id)).size, 1000);
    assert.equal(new Set(items.map((i) => i._id)).size, 1000);
    for (let i = 1; i < items.length; i++)
      assert.ok((items[i - 1] as Item).downloads >= (items[i] as Item).downloads);
    // ties exist, and ids are not in alphabetical order (a client's tie-break by id is meaningful)
    const ties = items.filter((item, i) => i > 0 && item.downloads === (items[i - 1] as Item).downloads);
    assert.ok(ties.length > 100);
    assert.notDeepEqual(
      items.map((i) => i.id),
      [...items.map((i) => i.id)].sort(),
    );
    // the Link URL is absolute, on the emulator's origin, and keeps every original parameter
    for (const link of links) {
      const url = new URL(/^<([^>]+)>/.exec(link)?.[1] ?? '');
      assert.equal(url.origin, emu.endpoint);
      assert.deepEqual(
        [url.searchParams.get('limit'), url.searchParams.get('sort'), url.searchParams.get('direction')],
        ['97', 'downloads', '-1'],
      );
      assert.ok(url.searchParams.get('cursor'));
    }
    // matches the synthetic hub
    assert.deepEqual(
      items.map((i) => i.id),
      [...emu.hub.models()].map((m) => m.id),
    );
    assert.ok(!items.some((i) => emu.hub.specials.private.includes(i.id)), 'private repos are never listed');
  });

  test('default item shape; no total header; limit clamps at 1000', async () => {
    const { headers, body } = await getJson(`${emu.endpoint}/api/models?limit=5000`);
    const items = body as Item[];
    assert.equal(items.length, 1000);
    assert.equal(headers.get('x-total-count'), null);
    assert.equal(headers.get('link'), null);
    const item = items[0] as Item;
    assert.deepEqual(Object.keys(item).slice(0, 2), ['_id', 'id']);
    for (const key of ['likes', 'trendingScore', 'private', 'downloads', 'tags', 'createdAt', 'modelId'])
      assert.ok(key in item, key);
    for (const key of ['sha', 'siblings', 'author', 'cardData', 'config', 'lastModified'])
      assert.ok(!(key in item), key);
    assert.match(item._id, /^[0-9a-f]{24}$/);
    // the _id's first 4 bytes are the creation second
    assert.equal(parseInt(item._id.slice(0, 8), 16) * 1000, Date.parse(item.createdAt as string));
  });

  test('full, cardData and config add their fields; expand returns only _id, id and what was asked', async () => {
    const full = (await getJson(`${emu.endpoint}/api/models?limit=20&full=true&cardData=true&config=true`))
      .body as Item[];
    const top = full[0] as Item;
    for (const key of ['author', 'sha', 'lastModified', 'gated', 'disabled', 'siblings', 'cardData'])
      assert.ok(key in top, key);
    assert.deepEqual(top['sha'], emu.hub.listedSha(top.id));
    assert.deepEqual(
      (top['siblings'] as Array<{ rfilename: string }>).map((s) => s.rfilename),
      emu.hub.files(top.id, top['sha'] as string).map((f) => f.path),
    );
    assert.ok(full.some((i) => 'config' in i));
    const legacy = full.find((i) => i.id === emu.hub.specials.legacy[0]);
    assert.ok(legacy !== undefined && !('author' in legacy), 'legacy ids are listed without author');
    const moved = full.find((i) => i.id === emu.hub.specials.moved);
    assert.equal(moved?.['sha'], emu.hub.listedSha(emu.hub.specials.moved as string));
    assert.notEqual(moved?.['sha'], emu.hub.currentSha(emu.hub.specials.moved as string));

    const expanded = (
      await getJson(
        `${emu.endpoint}/api/models?limit=3&expand=downloadsAllTime&expand[]=sha&expand=safetensors`,
      )
    ).body as Item[];
    for (const item of expanded) {
      assert.deepEqual(Object.keys(item).slice(0, 4), ['_id', 'id', 'downloadsAllTime', 'sha']);
      assert.ok(
        Object.keys(item).every((k) => ['_id', 'id', 'downloadsAllTime', 'sha', 'safetensors'].includes(k)),
      );
      assert.ok((item['downloadsAllTime'] as number) >= 0);
    }
  });

  test('as the Hub, the listing refuses the single-model properties and names what it accepts', async () => {
    for (const single of ['baseModels', 'usedStorage', 'childrenModelCount']) {
      const { status, body } = await getJson(`${emu.endpoint}/api/models?expand=sha&expand=${single}`);
      assert.equal(status, 400, single);
      const message = (body as { error: string }).error;
      assert.match(message, /^"expand\[1\]" must be one of \[author, .*downloadsAllTime.*\]$/);
      assert.ok(!message.includes(single), `${single} is not in the accepted list`);
    }
    // Model info still answers them.
    const info = await getJson(`${emu.endpoint}/api/models/${emu.hub.specials.moved}?expand=usedStorage`);
    assert.equal(info.status, 200);
  });

  test('expand with an unknown value, _id or a nested value is a 400 listing the valid values', async () => {
    for (const bad of ['nope', '_id', 'cardData.license']) {
      const { status, headers, body } = await getJson(
        `${emu.endpoint}/api/models?expand=author&expand=${bad}`,
      );
      assert.equal(status, 400, bad);
      assert.match((body as { error: string }).error, /must be one of \[author, .*downloadsAllTime.*\]/);
      assert.ok(headers.get('x-error-message'));
    }
    assert.equal((await getJson(`${emu.endpoint}/api/models?sort=sideways`)).status, 400);
    assert.equal((await getJson(`${emu.endpoint}/api/models?cursor=garbage`)).status, 400);
  });

  test('search, author, filter and sort', async () => {
    const all = [...emu.hub.models()];
    const someone = all.find((m) => m.author !== null && m.index > 30) ?? all[0];
    const author = someone?.author as string;
    const byAuthor = (await walk(`${emu.endpoint}/api/models?author=${encodeURIComponent(author)}&limit=10`))
      .items;
    assert.deepEqual(
      byAuthor.map((i) => i.id),
      all.filter((m) => m.author === author).map((m) => m.id),
    );

    const term = 'QWEN2.5';
    const found = (await walk(`${emu.endpoint}/api/models?search=${term}`)).items;
    const expected = all.filter((m) => m.id.toLowerCase().includes('qwen2.5'));
    assert.ok(expected.length > 0);
    assert.deepEqual(
      found.map((i) => i.id),
      expected.map((m) => m.id),
    );

    const tagged = (await walk(`${emu.endpoint}/api/models?filter=license:mit&filter=safetensors&limit=50`))
      .items;
    const withTags = all.filter((m) => m.tags.includes('license:mit') && m.tags.includes('safetensors'));
    assert.ok(withTags.length > 0);
    assert.deepEqual(
      tagged.map((i) => i.id),
      withTags.map((m) => m.id),
    );

    const byLikes = (await walk(`${emu.endpoint}/api/models?sort=likes&limit=300`)).items;
    assert.equal(byLikes.length, 1000);
    for (let i = 1; i < byLikes.length; i++)
      assert.ok((byLikes[i - 1]?.['likes'] as number) >= (byLikes[i]?.['likes'] as number));
    const byCreated = (await getJson(`${emu.endpoint}/api/models?sort=createdAt&limit=50`)).body as Item[];
    for (let i = 1; i < byCreated.length; i++)
      assert.ok(
        Date.parse(byCreated[i - 1]?.['createdAt'] as string) >=
          Date.parse(byCreated[i]?.['createdAt'] as string),
      );
  });
});
