/**
 * Repo ids: `author/name` with dots, underscores, dashes and mixed case, as on the Hub, each carrying the
 * index code (see index-code.ts) so that ids can be decoded without a lookup table.
 */
import { FAMILIES, ORG_SUFFIXES, ORG_WORDS, SIZES, USER_NAMES, VARIANTS, type Family } from './vocabulary.js';
import { Rng, hash32 } from './random.js';

const SALT_AUTHOR = 0x61757468;

/** The Hub's repo-name rules (huggingface_hub `validate_repo_id`) for one segment. */
export function isValidRepoSegment(segment: string): boolean {
  return (
    /^[A-Za-z0-9_.-]{1,96}$/.test(segment) &&
    !/^[-.]|[-.]$/.test(segment) &&
    !segment.includes('--') &&
    !segment.includes('..') &&
    !segment.endsWith('.git')
  );
}

export function isValidRepoId(id: string): boolean {
  const parts = id.split('/');
  return parts.length >= 1 && parts.length <= 2 && parts.every(isValidRepoSegment);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Name of author number `a` (a user or an organisation). */
export function authorName(seed: number, a: number): string {
  const rng = new Rng(hash32(SALT_AUTHOR ^ seed, a));
  const org = rng.pick(ORG_WORDS);
  const suffix = rng.pick(ORG_SUFFIXES);
  const user = rng.pick(USER_NAMES);
  const n = a % 997;
  switch (rng.int(8)) {
    case 0:
      return `${org}-${suffix}`;
    case 1:
      return `${capitalise(org)}${capitalise(suffix)}${n}`;
    case 2:
      return `${org}.${suffix}${n}`;
    case 3:
      return `${capitalise(org)}-${suffix.toUpperCase()}`;
    case 4:
      return `${user}${n}`;
    case 5:
      return `${user}_${org}${n}`;
    case 6:
      return `${capitalise(user)}-${capitalise(org)}`;
    default:
      return `${user}.${org}${n}`;
  }
}

export interface NameParts {
  family: Family;
  size: string;
  variant: string;
}

/** Draws what a model is; the caller then spells it with `spellName`. */
export function drawNameParts(rng: Rng): NameParts {
  return { family: rng.pick(FAMILIES), size: rng.pick(SIZES), variant: rng.pick(VARIANTS) };
}

/** Spells a repo name from its parts and the index code, in one of the Hub's common styles. */
export function spellName(rng: Rng, parts: NameParts, code: string): string {
  const separator = rng.float() < 0.75 ? '-' : rng.float() < 0.6 ? '_' : '.';
  const casing = rng.int(7);
  const words = [parts.family.stem, parts.size, parts.variant].filter((w) => w !== '');
  const cased = words.map((w) => (casing === 0 ? w.toLowerCase() : casing === 1 ? capitalise(w) : w));
  return [...cased, code].join(separator);
}
