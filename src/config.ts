/**
 * The one place that states configuration precedence: command-line option > environment variable > file >
 * default. The file is the token `hf auth login` saves (`$HF_TOKEN_PATH`, else `$HF_HOME/token`); the
 * variables are ours (`HF_TORRENT_SHRINKAGE`) and the Hugging Face ecosystem's (`HF_ENDPOINT`, `HF_TOKEN`,
 * `HF_HOME`, `HF_HUB_OFFLINE`, `HF_HUB_DISABLE_PROGRESS_BARS`, `HF_HUB_DOWNLOAD_TIMEOUT`, the proxy variables),
 * read with the official client's rules. Only this module and src/cli read process.env; everything else
 * receives a resolved options object.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from './errors.js';
import type { ProxySettings } from './hub/proxy-dispatcher.js';
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
  /** Where the token came from: `--token`, `HF_TOKEN`, the token file, or none. */
  tokenSource: 'flag' | 'env' | 'file' | 'none';
  json: boolean;
  quiet: boolean;
  /** Network settings from the ecosystem's variables (hfNetworkConfig). */
  network: NetworkConfig;
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
  const { token, tokenSource } = resolveToken(input.token, env);
  const dataDir = input.dataDir ?? DEFAULT_DATA_DIR;
  if (dataDir.trim() === '') throw new ConfigError('--data-dir: must not be empty');
  return {
    dataDir: resolve(dataDir),
    endpoint: parseEndpoint(endpointRaw, sourceName),
    endpointSource,
    token,
    tokenSource,
    json: input.json ?? false,
    quiet: input.quiet ?? false,
    network: hfNetworkConfig(env),
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

/** The Hugging Face ecosystem's variables that shape how (and whether) this process talks to the Hub. */
export interface NetworkConfig {
  /** `HF_HUB_OFFLINE` (or `TRANSFORMERS_OFFLINE`) is true: commands that need the network refuse to start. */
  offline: boolean;
  /** False when `HF_HUB_DISABLE_PROGRESS_BARS` is true: no progress lines (summaries and errors stay). */
  progress: boolean;
  /**
   * `HF_HUB_DOWNLOAD_TIMEOUT` in milliseconds: the longest wait for a response's headers and between two
   * chunks of its body. Undefined: the client's defaults (30 s for headers, 60 s between chunks).
   */
  requestTimeoutMillis: number | undefined;
  /** `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` (or lower case); null when no proxy is set. */
  proxy: ProxySettings | null;
}

/** `1`, `ON`, `YES`, `TRUE` in any case, as the official client reads its boolean variables. */
export function isTrueValue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'ON', 'YES', 'TRUE'].includes(value.trim().toUpperCase());
}

export function hfNetworkConfig(env: Env): NetworkConfig {
  return {
    offline: isTrueValue(env.HF_HUB_OFFLINE) || isTrueValue(env.TRANSFORMERS_OFFLINE),
    progress: !isTrueValue(env.HF_HUB_DISABLE_PROGRESS_BARS),
    requestTimeoutMillis: downloadTimeout(env.HF_HUB_DOWNLOAD_TIMEOUT),
    proxy: proxySettings(env),
  };
}

function downloadTimeout(value: string | undefined): number | undefined {
  const given = nonEmpty(value);
  if (given === undefined) return undefined;
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(given) ? Number(given) : Number.NaN;
  if (!(seconds > 0) || seconds > 86_400) {
    throw new ConfigError(
      `HF_HUB_DOWNLOAD_TIMEOUT: must be a number of seconds from 1 ms to a day, got ${JSON.stringify(value)}`,
    );
  }
  return Math.max(1, Math.round(seconds * 1000));
}

/** As curl and the official client read them: the lower-case name first, then the upper-case one. */
function proxySettings(env: Env): ProxySettings | null {
  const pick = (name: string): string | undefined => nonEmpty(env[name.toLowerCase()]) ?? nonEmpty(env[name]);
  const httpProxy = pick('HTTP_PROXY');
  const httpsProxy = pick('HTTPS_PROXY');
  if (httpProxy === undefined && httpsProxy === undefined) return null;
  for (const [name, value] of [
    ['HTTP_PROXY', httpProxy],
    ['HTTPS_PROXY', httpsProxy],
  ] as const) {
    if (value !== undefined && !URL.canParse(value)) {
      throw new ConfigError(
        `${name}: not a proxy URL (e.g. http://proxy:3128), got ${JSON.stringify(value)}`,
      );
    }
  }
  return { httpProxy, httpsProxy, noProxy: pick('NO_PROXY') };
}

/**
 * The proxy settings as the lower-case variables curl reads, for git and git-lfs: curl ignores an upper-case
 * `HTTP_PROXY` (a CGI server may set it from a request header), so git would go direct where the hub client
 * goes through the proxy. Empty when no proxy is set.
 */
export function proxyEnvironment(proxy: ProxySettings | null): Record<string, string> {
  if (proxy === null) return {};
  const env: Record<string, string> = {};
  if (proxy.httpProxy !== undefined) env.http_proxy = proxy.httpProxy;
  // the hub client's rule: an https target without HTTPS_PROXY goes through HTTP_PROXY
  const https = proxy.httpsProxy ?? proxy.httpProxy;
  if (https !== undefined) env.https_proxy = https;
  if (proxy.noProxy !== undefined) env.no_proxy = proxy.noProxy;
  return env;
}

/**
 * `HF_HOME`, else `$XDG_CACHE_HOME/huggingface`, else `~/.cache/huggingface` (absolute; `~` and `$VAR`
 * expanded as the official client does).
 */
export function resolveHfHome(env: Env): string {
  const home = nonEmpty(env.HF_HOME);
  if (home !== undefined) return resolve(expandPath(home, env));
  const cache = nonEmpty(env.XDG_CACHE_HOME) ?? join(userHome(env), '.cache');
  return resolve(expandPath(join(cache, 'huggingface'), env));
}

/** Where `hf auth login` saved the token: `HF_TOKEN_PATH`, else `<HF_HOME>/token`. */
export function tokenFilePath(env: Env): string {
  const path = nonEmpty(env.HF_TOKEN_PATH);
  return path === undefined ? join(resolveHfHome(env), 'token') : resolve(expandPath(path, env));
}

/** `--token`, else `HF_TOKEN`, else the token file; a token never holds whitespace. */
function resolveToken(
  flag: string | undefined,
  env: Env,
): { token: string | undefined; tokenSource: GlobalConfig['tokenSource'] } {
  const given: Array<[string | undefined, 'flag' | 'env', string]> = [
    [flag, 'flag', '--token'],
    [nonEmpty(env.HF_TOKEN), 'env', 'HF_TOKEN'],
  ];
  for (const [token, tokenSource, name] of given) {
    if (token === undefined) continue;
    if (/\s/.test(token)) throw new ConfigError(`${name}: a token contains no whitespace`);
    return { token, tokenSource };
  }
  const path = tokenFilePath(env);
  // a file the user named must be readable; the default one may sit in a home this process cannot enter
  const saved = readTokenFile(path, nonEmpty(env.HF_TOKEN_PATH) !== undefined);
  if (saved === undefined) return { token: undefined, tokenSource: 'none' };
  if (/\s/.test(saved)) throw new ConfigError(`the token file ${path}: a token contains no whitespace`);
  return { token: saved, tokenSource: 'file' };
}

/**
 * The file's text without surrounding whitespace; undefined when there is no such file or it is empty, or
 * when it cannot be read and was not `named` (HF_TOKEN_PATH): then a ConfigError says why.
 */
function readTokenFile(path: string, named: boolean): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || !named) return undefined;
    throw new ConfigError(`HF_TOKEN_PATH ${path}: cannot be read (${code ?? String(error)})`);
  }
  return nonEmpty(text.trim());
}

function userHome(env: Env): string {
  return nonEmpty(env.HOME) ?? homedir();
}

/** A leading `~` and `$VAR` / `${VAR}` from `env`; an unknown variable stays as written. */
function expandPath(path: string, env: Env): string {
  const tilde = path === '~' || path.startsWith('~/') ? userHome(env) + path.slice(1) : path;
  return tilde.replace(/\$(\w+)|\$\{(\w+)\}/g, (whole, a: string | undefined, b: string | undefined) => {
    const value = env[(a ?? b) as string];
    return value === undefined ? whole : value;
  });
}
