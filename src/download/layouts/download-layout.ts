/**
 * Where a download run puts verified files: the dataset layout of the original tool (`repos/AUTHOR/MODEL/<path>`,
 * the default), or the Hugging Face cache (hf-cache-layout.ts), which every tool of that ecosystem reads
 * offline. The engine, the HTTP method and the tally ask the layout for every path; what they verify and record
 * in the ledger is the same in both.
 */
import { join } from 'node:path';
import type { RepoFile } from '../../types.js';
import type { ExpectedContent } from '../content-hash.js';
import { reposRoot, stagingFile, stagingSegments } from '../layout.js';
import { removeInside } from '../real-dirs.js';
import { repoKeySegments } from '../repo-folder.js';
import { partialName, removeOurPartials } from './partial-names.js';

export type LayoutName = 'dataset' | 'hf-cache' | 'local-dir';

/** The layouts `--layout` names (a local dir is `--local-dir DIR`). */
export const LAYOUT_NAMES: readonly LayoutName[] = ['dataset', 'hf-cache'];

/** One file of a repo as the layout sees it: the repo's folder, the file's checked path, what it must hold. */
export interface LaidOutFile {
  repoSegments: readonly string[];
  commit: string;
  fileSegments: readonly string[];
  expected: ExpectedContent;
}

export interface DownloadLayout {
  readonly name: LayoutName;
  /** The trusted folder every path of the layout is under (made when missing). */
  readonly root: string;
  /** The repo's folder under `root`. Throws InvalidRepoIdError for an id that cannot be one. */
  repoSegments(repoId: string): string[];
  /** Where the verified content of a file is kept, under `root` (dataset: the file; hf-cache: its blob). */
  contentSegments(file: LaidOutFile): string[];
  /** The folder the repo's partial files go to, under `root` (on the same filesystem as the content). */
  stagingSegments(repoId: string): string[];
  /** The partial file of one file of a repo (absolute). */
  stagingFile(repoId: string, path: string, expected: ExpectedContent): string;
  /** True when readers find the verified content where they look (hf-cache: the snapshot's link to it). */
  exposed(file: LaidOutFile): boolean;
  /** Shows verified content where readers look (hf-cache: links the snapshot's path to the blob). */
  expose(file: LaidOutFile, knownDirs: Set<string>): Promise<void>;
  /** A file an earlier commit had and the pinned one has not (dataset: removed; hf-cache: its snapshot stays). */
  removeStale(repoSegments: readonly string[], fileSegments: readonly string[]): Promise<void>;
  /** The repo is verified at `commit` (hf-cache: `refs/<revision>` and the commit's file listing). */
  repoVerified(repoId: string, commit: string, revision: string | null, files: readonly RepoFile[]): void;
  /** Removes what partial files a verified repo left (of files the filters now drop). */
  removeStaging(repoId: string): Promise<void>;
}

/** `repos/AUTHOR/MODEL/<path>` under `<dataDir>/huggingface/`, partial files in `repos/.incomplete/`. */
export function datasetLayout(dataDir: string): DownloadLayout {
  const root = reposRoot(dataDir);
  return {
    name: 'dataset',
    root,
    repoSegments: (repoId) => repoKeySegments(repoId),
    contentSegments: (file) => [...file.repoSegments, ...file.fileSegments],
    stagingSegments: (repoId) => stagingSegments(repoId),
    stagingFile: (repoId, path, expected) => stagingFile(dataDir, repoId, path, expected),
    exposed: () => true,
    expose: () => Promise.resolve(),
    removeStale: (repoSegments, fileSegments) => removeInside(root, [...repoSegments, ...fileSegments]),
    repoVerified: () => undefined,
    removeStaging: (repoId) => removeInside(root, stagingSegments(repoId), { recursive: true }),
  };
}

/**
 * One repo's files as plain files under a folder of the user's (`download ORG/NAME --local-dir DIR`), like
 * `hf download --local-dir`: `DIR/<path>`, partial files in `DIR/.cache/huggingface/download/`.
 */
export function localDirLayout(dir: string): DownloadLayout {
  const staging = ['.cache', 'huggingface', 'download'];
  return {
    name: 'local-dir',
    root: dir,
    repoSegments: () => [],
    contentSegments: (file) => [...file.fileSegments],
    stagingSegments: () => staging,
    stagingFile: (_repoId, path, expected) => join(dir, ...staging, partialName(path, expected)),
    exposed: () => true,
    expose: () => Promise.resolve(),
    removeStale: (_repoSegments, fileSegments) => removeInside(dir, fileSegments),
    repoVerified: () => undefined,
    removeStaging: () => removeOurPartials(join(dir, ...staging)),
  };
}

/** The repo's folder, absolute. */
export function repoFolderIn(layout: DownloadLayout, repoId: string): string {
  return join(layout.root, ...layout.repoSegments(repoId));
}
