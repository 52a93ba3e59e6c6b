/**
 * `--include` / `--exclude`, as `hf download` reads them: a file is kept when it matches any include (or
 * there are none) and no exclude. Patterns are fnmatch-style like huggingface_hub's: `*` also matches `/`
 * (so `*.safetensors` matches `sub/model.safetensors`), dotfiles are not special, matching is
 * case-sensitive, and a pattern ending in `/` means everything under that folder.
 */
import picomatch from 'picomatch';

export interface FileFilterOptions {
  /** Keep only files matching at least one of these globs. Default: keep all. */
  include?: readonly string[];
  /** Drop files matching any of these globs. Default: none. */
  exclude?: readonly string[];
  /** Keep only these exact paths (`hftorrent download ORG/NAME FILE...`), within the globs. Default: all. */
  files?: readonly string[];
}

export type FileFilter = (path: string) => boolean;

function compile(patterns: readonly string[]): ((path: string) => boolean) | null {
  if (patterns.length === 0) return null;
  // huggingface_hub appends "*" to a folder pattern ("onnx/" means "onnx/*").
  const globs = patterns.map((p) => (p.endsWith('/') ? `${p}*` : p));
  // bash: a single star crosses "/", which is fnmatch's behaviour.
  return picomatch(globs, { dot: true, bash: true });
}

export function createFileFilter(options: FileFilterOptions = {}): FileFilter {
  const include = compile(options.include ?? []);
  const exclude = compile(options.exclude ?? []);
  const files = options.files === undefined || options.files.length === 0 ? null : new Set(options.files);
  return (path) =>
    (files === null || files.has(path)) &&
    (include === null || include(path)) &&
    (exclude === null || !exclude(path));
}

/** True when the filter keeps everything (no patterns given). */
export function isPassThrough(options: FileFilterOptions): boolean {
  return (
    (options.include ?? []).length === 0 &&
    (options.exclude ?? []).length === 0 &&
    (options.files ?? []).length === 0
  );
}

/** Why a repo is skipped when it has files but the filter keeps none of them (both download methods). */
export const FILTERED_OUT = { reason: 'filtered', detail: 'no file matches --include/--exclude' } as const;
