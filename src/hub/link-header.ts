/**
 * `Link` header parsing (RFC 8288), enough for the Hub's cursor pagination:
 * `Link: <https://huggingface.co/api/models?limit=1000&cursor=...>; rel="next"`.
 */

/** rel -> target URL (resolved against `baseUrl`), first occurrence wins. */
export function parseLinkHeader(value: string | undefined | null, baseUrl?: string): Map<string, string> {
  const links = new Map<string, string>();
  if (value === undefined || value === null) return links;
  // <target> followed by params up to the next ",<" (a target may itself contain commas).
  const entry = /<([^>]*)>((?:\s*;\s*[^;,]+(?:=(?:"[^"]*"|[^;,]*))?)*)/g;
  for (const match of value.matchAll(entry)) {
    const target = match[1] ?? '';
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(params);
    if (rel === null) continue;
    const resolved = resolveTarget(target.trim(), baseUrl);
    if (resolved === null) continue;
    // rel may list several space-separated relation types.
    for (const type of (rel[1] ?? rel[2] ?? '').toLowerCase().split(/\s+/)) {
      if (type !== '' && !links.has(type)) links.set(type, resolved);
    }
  }
  return links;
}

/** The `rel="next"` URL, or null on the last page. */
export function nextPageUrl(value: string | undefined | null, baseUrl?: string): string | null {
  return parseLinkHeader(value, baseUrl).get('next') ?? null;
}

function resolveTarget(target: string, baseUrl: string | undefined): string | null {
  // An absolute target is kept verbatim (the Hub's cursor must not be re-encoded).
  if (/^https?:\/\//i.test(target)) return target;
  if (baseUrl === undefined) return null;
  try {
    return new URL(target, baseUrl).toString();
  } catch {
    return null;
  }
}
