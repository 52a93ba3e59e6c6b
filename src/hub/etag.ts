/**
 * ETag normalisation as huggingface_hub does it: strip a weak `W/` prefix and the quotes. For resolve
 * responses the result is the git blob sha1 (regular files) or the content sha256 (LFS files).
 */
export function normalizeEtag(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  let etag = value.trim();
  if (etag.startsWith('W/')) etag = etag.slice(2).trim();
  if (etag.length >= 2 && etag.startsWith('"') && etag.endsWith('"')) etag = etag.slice(1, -1);
  return etag === '' ? null : etag;
}
