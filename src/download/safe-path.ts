/**
 * File paths come from the server, so they are untrusted: a path is accepted only when it is a plain
 * relative `/`-separated path that stays inside the repo folder whatever the platform does with it.
 */
import { resolve, sep } from 'node:path';
import { UnsafePathError } from '../errors.js';

/**
 * Splits a repo-relative path into segments, refusing anything that could land outside the repo folder or
 * be read differently by another tool: absolute paths, empty, `.` or `..` segments, backslashes, NUL and
 * other control characters, and a `.git` segment (git mode shares this layout; git never stores one).
 */
export function safePathSegments(path: string, repoId?: string): string[] {
  const refuse = (why: string): never => {
    throw new UnsafePathError(`unsafe path ${JSON.stringify(path)}: ${why}`, { path, repoId });
  };
  if (path === '') refuse('empty');
  if (path.startsWith('/')) refuse('absolute');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) refuse('control character');
  if (path.includes('\\')) refuse('backslash');
  const segments = path.split('/');
  for (const segment of segments) {
    if (segment === '') refuse('empty segment');
    if (segment === '.' || segment === '..') refuse(`"${segment}" segment`);
    if (segment.toLowerCase() === '.git') refuse('".git" segment');
  }
  return segments;
}

/**
 * The absolute path of `path` inside `root`, after the segment checks above and a final containment check
 * on the normalised result (belt and braces: a future rule change must not open a hole).
 */
export function resolveInside(root: string, path: string, repoId?: string): string {
  const segments = safePathSegments(path, repoId);
  const base = resolve(root);
  const full = resolve(base, ...segments);
  if (!full.startsWith(base + sep)) {
    throw new UnsafePathError(`unsafe path ${JSON.stringify(path)}: outside the repo folder`, {
      path,
      repoId,
    });
  }
  return full;
}
