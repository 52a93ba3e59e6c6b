/**
 * The Node floor: what plain Node does with the same URLs and the same 8 files in flight, with none of the
 * work a dataset needs (no manifest, no hash, no partial file and rename, no ledger, no resume, no retry). It
 * is not a rival but a reference: the gap between curl and this side is what Node's HTTP client, streams and
 * event loop cost on this machine before any of our code runs, so `ours / node floor` says how much of that
 * gap is ours.
 *
 * undici's Agent (the HTTP client Node's own fetch is built on, and ours), redirects followed by hand on the
 * Location header, and each body piped into `fs.createWriteStream`, the idiomatic Node download. With
 * `ranges` (the large-capped case, over pre-resolved URLs), a file of known size is fetched as that many
 * byte ranges at once, each piped into a write stream at its offset: what parallel ranges cost in plain Node.
 */
import { closeSync, createWriteStream, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Agent } from 'undici';
import { sideMain } from '../measure/side-main.mjs';

/**
 * @typedef {object} NodeFloorSpec
 * @property {string} resultFile
 * @property {Array<{ url: string; output: string; size?: number }>} files
 * @property {number} parallel files in flight
 * @property {number} [ranges] ranges per file of known size (default 1: the whole file in one request)
 * @property {number} [connections] connections in all (default `parallel`)
 */

const MAX_HOPS = 5;
/** Files below this many bytes per range go in one request. */
const MIN_RANGE_BYTES = 1024 * 1024;

/**
 * @param {import('undici').Agent} agent
 * @param {{ url: string; output: string; size: number }} file
 * @param {number} ranges
 */
async function fetchRanges(agent, file, ranges) {
  closeSync(openSync(file.output, 'w'));
  const url = new URL(file.url);
  const step = Math.ceil(file.size / ranges);
  const one = async (/** @type {number} */ start) => {
    const end = Math.min(file.size, start + step);
    const response = await agent.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: 'GET',
      headers: { range: `bytes=${start}-${end - 1}` },
    });
    if (response.statusCode !== 206) {
      await response.body.dump();
      throw new Error(`${file.url}: HTTP ${response.statusCode} to a range`);
    }
    await pipeline(response.body, createWriteStream(file.output, { flags: 'r+', start }));
  };
  const starts = [];
  for (let start = 0; start < file.size; start += step) starts.push(start);
  await Promise.all(starts.map(one));
}

await sideMain(async (/** @type {NodeFloorSpec} */ spec) => {
  const agent = new Agent({ connections: spec.connections ?? spec.parallel });
  const ranges = spec.ranges ?? 1;
  const folders = new Set();
  const fetchOne = async (/** @type {{ url: string; output: string; size?: number }} */ file) => {
    const folder = dirname(file.output);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    if (ranges > 1 && file.size !== undefined && file.size >= ranges * MIN_RANGE_BYTES)
      return fetchRanges(agent, { ...file, size: file.size }, ranges);
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
