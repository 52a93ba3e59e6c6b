/**
 * The environment of every git and git-lfs process git mode starts. Nothing is inherited but an allowlist
 * (PATH, proxies, CA bundles), so a user's `GIT_*` variables, askpass helpers, global or system config
 * cannot change what a clone does; configuration goes in through `GIT_CONFIG_COUNT`/`KEY_n`/`VALUE_n`,
 * which git never writes into the repository (unlike `git clone -c`), and the token only through an
 * environment variable that a credential helper scoped to the endpoint's origin prints. So the token is in
 * no argument vector, no `.git/config`, no remote URL and no log.
 */

/** Environment variables passed on to git from the caller's environment, when set. */
const INHERITED = [
  'PATH',
  'TMPDIR',
  'http_proxy',
  'https_proxy',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'all_proxy',
  'ALL_PROXY',
  'no_proxy',
  'NO_PROXY',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
];

/** PATH when the caller gave none. */
export const FALLBACK_PATH = '/usr/local/bin:/usr/bin:/bin';

/** The variable the credential helper reads the token from (set only in the child's environment). */
export const TOKEN_VARIABLE = 'HF_TORRENT_GIT_TOKEN';

/**
 * A git credential helper (run by git through `sh`) that answers `get` with the token from the child's own
 * environment. Its text appears in git's configuration, never the token itself.
 */
export const CREDENTIAL_HELPER = `!f() { if test "$1" = get; then echo username=hf; printf 'password=%s\\n' "$${TOKEN_VARIABLE}"; fi; }; f`;

export interface GitEnvironmentOptions {
  /** The caller's environment: only the allowlisted variables are taken from it. */
  inherited: Readonly<Record<string, string | undefined>>;
  /** A private, empty directory: git's HOME and XDG_CONFIG_HOME, so no user configuration applies. */
  home: string;
  /** The Hub's base URL; credentials are offered to its origin only. */
  endpoint: string;
  /** Hub token, or undefined for anonymous access. */
  token?: string;
  /** More configuration, after the defaults (later entries win). */
  config?: ReadonlyArray<readonly [string, string]>;
}

/** Configuration every git command of git mode runs with. */
function baseConfig(endpoint: string, token: string | undefined): Array<[string, string]> {
  const config: Array<[string, string]> = [
    // forget any helper from elsewhere, then answer only for the endpoint's origin
    ['credential.helper', ''],
    // what `git lfs install` puts in a user's global config
    ['filter.lfs.process', 'git-lfs filter-process'],
    ['filter.lfs.clean', 'git-lfs clean -- %f'],
    ['filter.lfs.smudge', 'git-lfs smudge -- %f'],
    ['filter.lfs.required', 'true'],
    // no repository content can run code or point outside the data dir
    ['core.hooksPath', '/dev/null'],
    ['core.symlinks', 'false'],
    ['protocol.file.allow', 'never'],
    ['advice.detachedHead', 'false'],
    // a transfer that stalls (under 1 KB/s for a minute) fails as a network error and is tried again
    ['http.lowSpeedLimit', '1000'],
    ['http.lowSpeedTime', '60'],
    ['gc.auto', '0'],
    ['maintenance.auto', 'false'],
  ];
  if (token !== undefined) config.push([`credential.${new URL(endpoint).origin}.helper`, CREDENTIAL_HELPER]);
  return config;
}

export function gitEnvironment(options: GitEnvironmentOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = options.inherited[name];
    if (value !== undefined && value !== '') env[name] = value;
  }
  env.PATH ??= FALLBACK_PATH;
  Object.assign(env, {
    HOME: options.home,
    XDG_CONFIG_HOME: options.home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    // LFS content comes in later, verified, by `git lfs fetch`; checkout writes pointers only
    GIT_LFS_SKIP_SMUDGE: '1',
    // messages in English, so that failures can be classified
    LC_ALL: 'C',
    LANGUAGE: 'C',
  });
  const config = [...baseConfig(options.endpoint, options.token), ...(options.config ?? [])];
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  if (options.token !== undefined) env[TOKEN_VARIABLE] = options.token;
  return env;
}
