/**
 * The Node floor: what plain Node does with the same URLs and the same 8 files in flight, with none of the
 * work a dataset needs (no manifest, no hash, no partial file and rename, no ledger, no resume, no retry). It
 * is not a rival but a reference: the gap between curl and this side is what Node's HTTP client, streams and
 * event loop cost on this machine before any of our code runs, so `ours / node floor` says how much of that
 * gap is ours.
 *
 * undici's Agent (the HTTP client Node's own fetch is built on, and ours), redirects followed by hand on the
 * Location header, and each body piped into `fs.createWriteStream`, the idiomatic Node download.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Agent } from 'undici';
import { sideMain } from '../measure/side-main.mjs';

/**
 * @typedef {object} NodeFloorSpec
 * @property {string} resultFile
 * @property {Array<{ url: string; output: string }>} files
 * @property {number} parallel
 */

const MAX_HOPS = 5;

await sideMain(async (/** @type {NodeFloorSpec} */ spec) => {
  const agent = new Agent({ connections: spec.parallel });
  const folders = new Set();
  const fetchOne = async (/** @type {{ url: string; output: string }} */ file) => {
    let url = new URL(file.url);
    for (let hop = 0; hop <= MAX_HOPS; hop++) {
      const response = await agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'GET',
      });
      const location = response.headers.location;
      if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
        await response.body.dump();
        url = new URL(location, url);
        continue;
      }
      if (response.statusCode !== 200) {
        await response.body.dump();
        throw new Error(`${file.url}: HTTP ${response.statusCode}`);
      }
      const folder = dirname(file.output);
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      await pipeline(response.body, createWriteStream(file.output));
      return;
    }
    throw new Error(`${file.url}: more than ${MAX_HOPS} redirects`);
  };
  let next = 0;
  const slot = async () => {
    while (next < spec.files.length) await fetchOne(spec.files[next++]);
  };
  try {
    await Promise.all(Array.from({ length: spec.parallel }, slot));
  } finally {
    await agent.close();
  }
  return { files: spec.files.length };
});
