/**
 * One file of an admitted repo, in a worker slot: verify what is already at its final path when the ledger
 * does not vouch for it (a run killed between the rename and the ledger write), otherwise fetch it through
 * the verified fetch.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createContentHasher } from '../content-hash.js';
import type { DownloadLayout } from '../layouts/download-layout.js';
import { ensureRealDirs } from '../real-dirs.js';
import type { FileTask } from '../run-types.js';
import { fetchVerifiedFile, type FetchFileOutcome, type FetchFileSettings } from './fetch-verified-file.js';
import { placeFile } from './place-file.js';

export interface FileTaskOutcome extends FetchFileOutcome {
  /** True when the file was already at its final path with the right content. */
  fromDisk: boolean;
}

export async function runFileTask(
  layout: DownloadLayout,
  task: FileTask,
  settings: FetchFileSettings,
): Promise<FileTaskOutcome> {
  const { run } = task;
  const { root } = layout;
  const laidOut = {
    repoSegments: run.folderSegments,
    commit: run.commit,
    fileSegments: task.segments,
    expected: task.expected,
  };
  const segments = layout.contentSegments(laidOut);
  if (task.checkFinal && (await digestOf(join(root, ...segments), task)) === task.expected.digest) {
    await layout.expose(laidOut, run.knownDirs);
    return { fromDisk: true, resolveRequests: 0, bytesFetched: 0, bytesReused: 0 };
  }
  const outcome = await fetchVerifiedFile(
    {
      repoId: run.repoId,
      commit: run.commit,
      path: task.path,
      expected: task.expected,
      stagingPath: layout.stagingFile(run.repoId, task.path, task.expected),
      place: async (staging) => {
        await placeFile(staging, root, segments, run.knownDirs);
        await layout.expose(laidOut, run.knownDirs);
      },
      // no folder on the way may be a link (a planted `repos/.incomplete` would take the bytes elsewhere)
      prepare: () =>
        (run.staging ??= ensureRealDirs(root, layout.stagingSegments(run.repoId), run.knownDirs).then(
          () => undefined,
        )),
    },
    { ...settings, signal: run.signal },
  );
  return { ...outcome, fromDisk: false };
}

async function digestOf(path: string, task: FileTask): Promise<string> {
  const hasher = createContentHasher(task.expected);
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
    hasher.update(chunk as Buffer);
  return hasher.digest();
}
