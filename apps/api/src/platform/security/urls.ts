/**
 * The URL when it is an absolute http(s) URL, else null. For links that came from outside (iCarry's
 * tracking_url): anything else (`javascript:`, `data:`, a relative path) must never become a link.
 */
export function httpUrlOrNull(value: string | null | undefined): string | null {
  if (!value || value.length > 2000 || !URL.canParse(value)) return null;
  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:' ? value : null;
}
