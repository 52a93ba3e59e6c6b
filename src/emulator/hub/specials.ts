/**
 * Special repos: the edge cases every client must handle, placed at fixed ranks near the top of the
 * downloads order so that any small selection (the top 10% of 200 models covers ranks 0-19) contains them.
 * A special whose rank is not below the number of listed models is simply not placed. Private repos are
 * never listed: they take the indices right after the listed ones.
 */

export type SpecialKind =
  | 'gatedAuto'
  | 'gatedManual'
  | 'disabled'
  | 'private'
  | 'moved'
  | 'deleted'
  | 'manyFiles'
  | 'thousandsOfFiles'
  | 'oddNames'
  | 'legacy'
  | 'renamed';

/** Listed specials by rank (0-based index in downloads order). Rank 0 stays an ordinary repo. */
export const SPECIAL_RANKS: ReadonlyArray<readonly [number, SpecialKind]> = [
  [1, 'gatedAuto'],
  [2, 'oddNames'],
  [3, 'moved'],
  [4, 'gatedManual'],
  [5, 'manyFiles'],
  [6, 'disabled'],
  [7, 'deleted'],
  [8, 'legacy'],
  [9, 'renamed'],
  [11, 'legacy'],
  [13, 'thousandsOfFiles'],
];

/** Unlisted private repos, at indices `listed` and `listed + 1`. */
export const PRIVATE_COUNT = 2;

/** The owner (namespace) of the private repos; a token whose `user` is this name can read them. */
export const PRIVATE_OWNER = 'emulator-owner';

/** Files in the manyFiles repo: more than one 1000-entry tree page. */
export const MANY_FILES = 1200;
/** Files in the thousandsOfFiles repo. */
export const THOUSANDS_OF_FILES = 3000;

/** Repo ids of the specials that were placed (`null` / empty when the hub is too small for one). */
export interface Specials {
  gatedAuto: string | null;
  gatedManual: string | null;
  disabled: string | null;
  /** Private, never listed: anonymous 401, authenticated 404 unless the token's user is `privateOwner`. */
  private: string[];
  privateOwner: string;
  /** Listed with its first commit; `main` then points at a second commit whose parent is the first. */
  moved: string | null;
  /** Listed, but model info, tree and resolve answer as for a missing repo. */
  deleted: string | null;
  /** More files than one tree page (`MANY_FILES`). */
  manyFiles: string | null;
  /** A few thousand files (`THOUSANDS_OF_FILES`). */
  thousandsOfFiles: string | null;
  /** Paths with spaces, accents, CJK, emoji, `+&=@,~()[]`, a zero-byte file and deep nesting. */
  oddNames: string | null;
  /** Single-segment ids listed without `author`. */
  legacy: string[];
  /** A namespaced repo with a legacy alias: `from` answers 307 to `to`. */
  renamed: { from: string; to: string } | null;
}

export function specialsByIndex(listed: number, withSpecials: boolean): Map<number, SpecialKind> {
  const map = new Map<number, SpecialKind>();
  if (withSpecials) for (const [rank, kind] of SPECIAL_RANKS) if (rank < listed) map.set(rank, kind);
  for (let k = 0; k < PRIVATE_COUNT; k++) map.set(listed + k, 'private');
  return map;
}
