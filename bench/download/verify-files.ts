/**
 * Checks what a side wrote: every expected file at the side's path for it, with the right size and hash
 * (sha256 for LFS content, git blob sha1 for the rest), hashed here from the bytes on disk. A side that
 * wrote wrong or missing bytes has failed, whatever its speed.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ExpectedFile } from './expected-files.js';

export interface Verification {
  files: number;
  verified: number;
  /** Up to a few examples of what was wrong. */
  problems: string[];
  problemCount: number;
}

async function digestOf(path: string, file: ExpectedFile): Promise<string> {
  const hash = createHash(file.algorithm === 'sha256' ? 'sha256' : 'sha1');
  if (file.algorithm === 'git-sha1') hash.update(`blob ${file.size}\0`);
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function verifyFiles(
  files: readonly ExpectedFile[],
  locate: (file: ExpectedFile) => string,
): Promise<Verification> {
  const problems: string[] = [];
  let problemCount = 0;
  let verified = 0;
  const problem = (text: string): void => {
    problemCount += 1;
    if (problems.length < 5) problems.push(text);
  };
  for (const file of files) {
    const path = locate(file);
    const info = await stat(path).catch(() => null); // follows symlinks (the official cache links to blobs)
    if (info === null || !info.isFile()) {
      problem(`missing ${file.repoId}/${file.path}`);
      continue;
    }
    if (info.size !== file.size) {
      problem(`size ${info.size} != ${file.size} for ${file.repoId}/${file.path}`);
      continue;
    }
    const digest = await digestOf(path, file);
    if (digest !== file.digest) problem(`hash mismatch for ${file.repoId}/${file.path}`);
    else verified += 1;
  }
  return { files: files.length, verified, problems, problemCount };
}
