/**
 * The one scrubber for secrets (the access token). A server may echo the token back anywhere: in a
 * non-JSON body, a field of the wrong type, `X-Request-Id`, a redirect URL, a git `remote:` line, and
 * encoded (percent-encoded, base64, hex). Every boundary where text leaves the process (CLI output,
 * events, `--json`) or enters the catalog (ledger details, crawl errors), and every typed error, passes
 * its text through `scrubSecrets`, which replaces each form of each registered secret by `<token>`.
 *
 * The registry is process-wide on purpose: a secret must be scrubbed wherever its text ends up, and the
 * boundaries (an error's constructor, the catalog) are far from the code that knows the token.
 */

const REPLACEMENT = '<token>';
/** Shorter secrets are not scrubbed: replacing every `a` of a test token would garble all output. */
const MIN_SECRET_LENGTH = 8;

interface Secret {
  /** The token with any of its bytes percent-encoded (`%68` or `%6F` or `%6f`), as one regular expression. */
  percent: RegExp;
  /** Plain substrings: base64 and base64url cores at the three byte alignments, hex in both cases. */
  literals: string[];
}

const secrets = new Map<string, Secret>();

/** Registers `secret` to be scrubbed from all output from now on (no-op for undefined or short values). */
export function registerSecret(secret: string | undefined | null): void {
  if (secret === undefined || secret === null || secret.length < MIN_SECRET_LENGTH) return;
  if (secrets.has(secret)) return;
  secrets.set(secret, compile(secret));
}

/** Forgets every secret (tests). */
export function clearSecrets(): void {
  secrets.clear();
}

/** `text` with every registered secret, in every encoding, replaced by `<token>`. */
export function scrubSecrets(text: string): string {
  if (secrets.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
  let out = text;
  for (const secret of secrets.values()) {
    out = out.replace(secret.percent, REPLACEMENT);
    for (const literal of secret.literals)
      if (out.includes(literal)) out = out.split(literal).join(REPLACEMENT);
  }
  return out;
}

function compile(secret: string): Secret {
  const bytes = Buffer.from(secret, 'utf8');
  // Each byte either as itself or as %XX with either case of hex digits.
  const percent = [...bytes]
    .map((byte) => {
      const [high, low] = byte.toString(16).padStart(2, '0');
      const encoded = `%${eitherCase(high ?? '0')}${eitherCase(low ?? '0')}`;
      return byte < 0x80 ? `(?:${escapeRegExp(String.fromCharCode(byte))}|${encoded})` : encoded;
    })
    .join('');
  const literals = new Set<string>([bytes.toString('hex'), bytes.toString('hex').toUpperCase()]);
  for (let align = 0; align < 3; align++) {
    const core = base64Core(bytes, align);
    if (core.length >= MIN_SECRET_LENGTH) {
      literals.add(core);
      literals.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return { percent: new RegExp(percent, 'g'), literals: [...literals] };
}

/**
 * The base64 characters that depend on the secret's bytes only, when the secret starts `align` bytes into
 * a 3-byte group of the encoded text: whatever precedes or follows it, these characters appear.
 */
function base64Core(bytes: Buffer, align: number): string {
  const encoded = Buffer.concat([Buffer.alloc(align), bytes]).toString('base64');
  const first = Math.ceil((8 * align) / 6);
  const last = Math.floor((8 * (align + bytes.length)) / 6);
  return encoded.slice(first, last);
}

function eitherCase(hexDigit: string): string {
  return /[a-f]/.test(hexDigit) ? `[${hexDigit}${hexDigit.toUpperCase()}]` : hexDigit;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
