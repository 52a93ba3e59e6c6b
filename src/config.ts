/**
 * The one place that states configuration precedence: command-line option > environment variable > default.
 * Only this module and src/cli read process.env; everything else receives a resolved options object.
 */
import { join, resolve } from 'node:path';
import { ConfigError } from './errors.js';
import { normalizeEndpoint } from './hub/hub-urls.js';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';
export const DEFAULT_DATA_DIR = './data';
export const DEFAULT_SHRINKAGE = 0.1;

export interface GlobalOptionInput {
  dataDir?: string;
  endpoint?: string;
  token?: string;
  json?: boolean;
  quiet?: boolean;
}

export interface GlobalConfig {
  /** Absolute data dir; every output goes under `<dataDir>/huggingface/`. */
  dataDir: string;
  /** Hub base URL, no trailing slash. */
  endpoint: string;
  /**
   * Where the endpoint came from. Commands that work on a catalog (select, download, export, status) use the
   * crawled snapshot's endpoint unless one was given explicitly.
   */
  endpointSource: 'flag' | 'env' | 'default';
  /** Bearer token; never printed, logged or stored. */
  token: string | undefined;
  json: boolean;
  quiet: boolean;
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The endpoint the user gave (a flag or HF_ENDPOINT), or undefined when it is only the default: commands on a
 * catalog then use the endpoint it was crawled from (catalog/catalog-endpoint.ts).
 */
export function givenEndpoint(config: Pick<GlobalConfig, 'endpoint' | 'endpointSource'>): string | undefined {
  return config.endpointSource === 'default' ? undefined : config.endpoint;
}

/** Validates and normalises an endpoint (hub/hub-urls.ts), naming where it came from in the error. */
export function parseEndpoint(value: string, source: string): string {
  return normalizeEndpoint(value, source);
}

export function resolveGlobalConfig(input: GlobalOptionInput, env: Env): GlobalConfig {
  const endpointRaw = input.endpoint ?? nonEmpty(env.HF_ENDPOINT) ?? DEFAULT_ENDPOINT;
  const endpointSource =
    input.endpoint !== undefined ? 'flag' : nonEmpty(env.HF_ENDPOINT) ? 'env' : 'default';
  const sourceName = { flag: '--endpoint', env: 'HF_ENDPOINT', default: 'default' }[endpointSource];
  const token = input.token ?? nonEmpty(env.HF_TOKEN);
  if (token !== undefined && /[\s]/.test(token)) {
    throw new ConfigError(
      `${input.token !== undefined ? '--token' : 'HF_TOKEN'}: a token contains no whitespace`,
    );
  }
  const dataDir = input.dataDir ?? DEFAULT_DATA_DIR;
  if (dataDir.trim() === '') throw new ConfigError('--data-dir: must not be empty');
  return {
    dataDir: resolve(dataDir),
    endpoint: parseEndpoint(endpointRaw, sourceName),
    endpointSource,
    token,
    json: input.json ?? false,
    quiet: input.quiet ?? false,
  };
}

/**
 * The shrinkage: the share (0, 1] of catalogued models to select. `--shrinkage` wins over
 * `HF_TORRENT_SHRINKAGE` (the seed's variable); default 0.1. Unlike the seed, a bad value is an error.
 */
export function resolveShrinkage(flag: string | undefined, env: Env): number {
  if (flag !== undefined) return parseShrinkage(flag, '--shrinkage');
  const fromEnv = nonEmpty(env.HF_TORRENT_SHRINKAGE);
  if (fromEnv !== undefined) return parseShrinkage(fromEnv, 'HF_TORRENT_SHRINKAGE');
  return DEFAULT_SHRINKAGE;
}

export function parseShrinkage(value: string, source: string): number {
  const trimmed = value.trim();
  const n = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isFinite(n) || n <= 0 || n > 1) {
    throw new ConfigError(`${source}: must be a number in (0, 1], got ${JSON.stringify(value)}`);
  }
  return n;
}

/** A positive integer option (`--concurrency 8`, `--top 100`). */
export function parsePositiveInt(value: string, source: string, { allowZero = false } = {}): number {
  const trimmed = value.trim();
  const n = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < (allowZero ? 0 : 1)) {
    throw new ConfigError(
      `${source}: must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** A byte size: `500`, `10MB`, `1.5GiB`, `2T`. */
export function parseSize(value: string, source: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  const unit = m?.[2]?.toLowerCase() ?? '';
  const factor = SIZE_UNITS[unit];
  if (!m || factor === undefined) {
    throw new ConfigError(`${source}: not a size (e.g. 500MB, 2GiB), got ${JSON.stringify(value)}`);
  }
  return Math.floor(Number(m[1]) * factor);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/**
 * The Hugging Face cache folder (`--layout hf-cache`), found as huggingface_hub finds it: `--cache-dir`, else
 * `HF_HUB_CACHE` (or its legacy name `HUGGINGFACE_HUB_CACHE`), else `$HF_HOME/hub`, else
 * `$XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`. A leading `~` is the home folder.
 * Returns an absolute path.
 */
export function resolveHfCacheDir(flag: string | undefined, env: Env, home: string): string {
  const expand = (path: string): string => resolve(path.replace(/^~(?=$|\/)/, home));
  if (flag !== undefined) {
    if (flag.trim() === '') throw new ConfigError('--cache-dir: must not be empty');
    return expand(flag);
  }
  const hubCache = nonEmpty(env.HF_HUB_CACHE) ?? nonEmpty(env.HUGGINGFACE_HUB_CACHE);
  if (hubCache !== undefined) return expand(hubCache);
  const hfHome = nonEmpty(env.HF_HOME);
  if (hfHome !== undefined) return join(expand(hfHome), 'hub');
  return join(expand(nonEmpty(env.XDG_CACHE_HOME) ?? join(home, '.cache')), 'huggingface', 'hub');
}
