/**
 * The crawl peer: `@huggingface/hub` `listModels` asking for the same properties as our crawl, each item
 * written to a JSON array file as it arrives (streamed, with backpressure), as a user of the official client
 * would build a metadata dump.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { listModels } from '@huggingface/hub';
import { sideMain } from '../measure/side-main.mjs';

/**
 * @typedef {object} CrawlPeerSpec
 * @property {string} resultFile
 * @property {string} hubUrl
 * @property {string[]} additionalFields `expand=` values beyond the ones listModels always asks for
 * @property {string} outFile
 */

await sideMain(async (/** @type {CrawlPeerSpec} */ spec) => {
  const out = createWriteStream(spec.outFile);
  out.write('[');
  let items = 0;
  const models = listModels({
    hubUrl: spec.hubUrl,
    // The official types list a subset of the Hub's expand values; the runtime passes any through.
    additionalFields: spec.additionalFields,
  });
  for await (const item of models) {
    if (!out.write(`${items === 0 ? '' : ','}${JSON.stringify(item)}`)) await once(out, 'drain');
    items += 1;
  }
  out.end(']');
  await finished(out);
  return { items, ids: items };
});
