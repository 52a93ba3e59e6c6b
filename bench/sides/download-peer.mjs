/**
 * The download peer: `@huggingface/hub` `snapshotDownload`, one repo after the other as a user calls it,
 * each pinned to the same commit as ours, into a cache dir of its own.
 */
import { snapshotDownload } from '@huggingface/hub';
import { sideMain } from '../measure/side-main.mjs';

/**
 * @typedef {object} DownloadPeerSpec
 * @property {string} resultFile
 * @property {string} hubUrl
 * @property {string} cacheDir
 * @property {Array<{ id: string; sha: string }>} repos
 */

await sideMain(async (/** @type {DownloadPeerSpec} */ spec) => {
  for (const repo of spec.repos) {
    await snapshotDownload({
      repo: { type: 'model', name: repo.id },
      revision: repo.sha,
      hubUrl: spec.hubUrl,
      cacheDir: spec.cacheDir,
    });
  }
  return { repos: spec.repos.length };
});
