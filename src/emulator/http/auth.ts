/**
 * Who is asking, and what the Hub lets them see. Semantics from the protocol reference §4.2: a missing or
 * private repo is a 401 without error code for anonymous callers (indistinguishable on purpose) and a 404
 * `RepoNotFound` for authenticated ones; gated content is 401 / 403 `GatedRepo`; disabled content 403.
 */
import type { HubModel } from '../hub/hub-model.js';

export interface TokenGrant {
  /** The user the token belongs to (rate limits are per user; private repos of this namespace are readable). */
  user: string;
  /** Approved for every gated repo. Default false. */
  gatedAccess?: boolean;
}

export type Identity =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: string; gatedAccess: boolean }
  /** A token the Hub does not know: 401 `Invalid credentials in Authorization header` everywhere. */
  | { kind: 'invalid' };

/** Reads `Authorization: Bearer <token>` (or git's Basic with the token as password). */
export function identify(
  authorization: string | undefined,
  tokens: Readonly<Record<string, TokenGrant>>,
): Identity {
  if (authorization === undefined || authorization.trim() === '') return { kind: 'anonymous' };
  let token: string | null = null;
  const bearer = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer !== null) token = bearer[1] ?? null;
  const basic = /^\s*Basic\s+(\S+)\s*$/i.exec(authorization);
  if (basic !== null) {
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    token = decoded.slice(decoded.indexOf(':') + 1);
  }
  const grant = token === null ? undefined : tokens[token];
  if (grant === undefined) return { kind: 'invalid' };
  return { kind: 'user', user: grant.user, gatedAccess: grant.gatedAccess ?? false };
}

export interface Denial {
  status: number;
  /** `X-Error-Code`, when the Hub sends one. */
  code: string | null;
  message: string;
  /** Extra headers (WWW-Authenticate). */
  headers: Record<string, string>;
}

export const ANONYMOUS_NOT_FOUND_MESSAGE = 'Invalid username or password.';
export const INVALID_CREDENTIALS_MESSAGE = 'Invalid credentials in Authorization header';
export const DISABLED_MESSAGE = 'Access to this resource is disabled.';

/** The caller may not know this repo exists: missing, deleted, or private and not theirs. */
export function repoDenial(identity: Identity, model: HubModel | undefined): Denial | null {
  const visible =
    model !== undefined &&
    !model.deleted &&
    (!model.private || (identity.kind === 'user' && identity.user === model.author));
  if (visible) return null;
  if (identity.kind === 'user')
    return { status: 404, code: 'RepoNotFound', message: 'Repository not found', headers: {} };
  return {
    status: 401,
    code: null,
    message: ANONYMOUS_NOT_FOUND_MESSAGE,
    headers: { 'WWW-Authenticate': 'Bearer realm="Authentication required", charset="UTF-8"' },
  };
}

/** The caller may see the repo but not its file contents (disabled, or gated without approval). */
export function contentDenial(identity: Identity, model: HubModel, endpoint: string): Denial | null {
  if (model.disabled) return { status: 403, code: null, message: DISABLED_MESSAGE, headers: {} };
  if (model.gated === false) return null;
  if (identity.kind === 'user' && identity.gatedAccess) return null;
  if (identity.kind === 'user') {
    return {
      status: 403,
      code: 'GatedRepo',
      message: `Access to model ${model.id} is restricted and you are not in the authorized list. Visit ${endpoint}/${model.id} to ask for access.`,
      headers: {},
    };
  }
  return {
    status: 401,
    code: 'GatedRepo',
    message: `Access to model ${model.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
    headers: {},
  };
}
