/**
 * What a failed git or git-lfs command means, read from its stderr (git runs with LC_ALL=C). The Hub's own
 * refusal reaches git as a `remote: <message>` line (git prints a text/plain error body) and git's verdict
 * on the HTTP status follows; git-lfs prints the batch API's message. Pure: table-tested beside it.
 */

export type GitFailureKind =
  /** `Access to model ... is restricted` (401 or 403 `GatedRepo`). */
  | 'gated'
  /** `Access to this resource is disabled.` (403). */
  | 'disabled'
  /** The Hub says the repo does not exist (404, with a token). */
  | 'not-found'
  /**
   * A 401 git could not answer (no token) or a rejected token without a Hub message: the Hub answers so for a
   * missing, private or gated repo alike when anonymous; the caller asks the API which one it is.
   */
  | 'auth-required'
  /** The token itself is refused (`Invalid credentials in Authorization header`). */
  | 'invalid-credentials'
  /** A 403 with no recognised message. */
  | 'forbidden'
  | 'rate-limited'
  /** 5xx. */
  | 'server'
  /** Connection refused or reset, timeout, a body cut short: worth another try. */
  | 'network'
  /** The pinned commit is not in the repository (history rewritten), or not reachable for a shallow fetch. */
  | 'revision-missing'
  /** git-lfs received bytes whose sha256 is not the object id. */
  | 'lfs-hash-mismatch'
  /** The LFS server has no such object. */
  | 'lfs-missing'
  | 'other';

interface Rule {
  kind: GitFailureKind;
  test: RegExp;
}

// Order matters: the Hub's own message decides before git's summary of the status code.
const RULES: readonly Rule[] = [
  { kind: 'invalid-credentials', test: /Invalid credentials in Authorization header/i },
  { kind: 'gated', test: /Access to model .* is restricted|GatedRepo/i },
  { kind: 'disabled', test: /Access to this resource is disabled/i },
  { kind: 'lfs-hash-mismatch', test: /expected OID [0-9a-f]{64}, got [0-9a-f]{64}/i },
  { kind: 'lfs-missing', test: /Object does not exist|\[404\] Object/i },
  { kind: 'rate-limited', test: /error: 429|rate limit|Too Many Requests/i },
  {
    kind: 'revision-missing',
    test: /not our ref|couldn't find remote ref|reference is not a tree|unable to read tree|bad object|did not match any file\(s\) known to git|upload-pack: not our ref|invalid reference/i,
  },
  {
    kind: 'not-found',
    test: /remote: Repository not found|repository '.*' not found|error: 404|\b404 Not Found/i,
  },
  {
    kind: 'auth-required',
    test: /could not read Username|could not read Password|Authentication failed|error: 401|\b401 Unauthorized/i,
  },
  { kind: 'forbidden', test: /error: 403|\b403 Forbidden/i },
  { kind: 'server', test: /error: 5\d\d|\b5\d\d (Internal|Bad Gateway|Service Unavailable|Gateway)/i },
  // git-lfs's summary when the batch API or a download failed (the reason is only in its log file)
  { kind: 'network', test: /failed to fetch some objects/i },
  {
    kind: 'network',
    test: /Failed to connect|Could not resolve host|Connection (refused|reset|timed out)|Operation timed out|early EOF|RPC failed|unexpected disconnect|transfer closed|the remote end hung up|SSL|EOF|broken pipe|Empty reply|LFS: Client error|connection reset|timeout/i,
  },
];

export function classifyGitFailure(stderr: string): GitFailureKind {
  for (const rule of RULES) if (rule.test.test(stderr)) return rule.kind;
  return 'other';
}

/** Kinds worth another try of the same command after a pause. */
export function isTransient(kind: GitFailureKind): boolean {
  return kind === 'network' || kind === 'server' || kind === 'rate-limited' || kind === 'lfs-hash-mismatch';
}
