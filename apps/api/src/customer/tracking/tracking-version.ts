import { createHash } from 'node:crypto';

/**
 * Bumped when the answer's framing changes while the view's JSON stays the same (say, how the page
 * wraps it): every cached answer is then stale at once, on every instance alike.
 */
const VIEW_VERSION = 'tracking-view-2';

/**
 * The validator of a customer's view of an order: a hash of exactly what is answered, the view as
 * serialized (`json`: statuses, sentences in the page's language, dates, the masked recipient, the
 * NDR state and its choices, which the clock decides), and the caller's own parts (the page:
 * branding, build, flash) through `extra`. So only a change the customer can see is a new answer:
 * a team's flag or note on the order, a repeated push, a background job touching the row keep the
 * 304; a new catalogue sentence or a closed NDR window do not.
 *
 * Only for views answered to the order's link token (getTrackingByLink): access tokens (from the
 * phone digits) are renewed in the view each second, and a wrong token never reaches a view.
 */
export function trackingEtag(json: string, extra: readonly string[] = []): string {
  const hash = createHash('sha256').update(VIEW_VERSION).update('\n').update(json);
  for (const part of extra) hash.update('\n').update(part);
  return `W/"${hash.digest('base64url').slice(0, 27)}"`;
}

/**
 * Whether an If-None-Match header names `etag` (weak comparison, RFC 9110 13.1.2: a GET compares
 * opaque tags with or without W/). `*` matches any current answer. Malformed lists match nothing.
 */
export function ifNoneMatchHits(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.length > 8192) return false;
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const part of value.split(',')) {
    const tag = part.trim();
    if (tag === '*') return true;
    if ((tag.startsWith('W/') ? tag.slice(2) : tag) === opaque) return true;
  }
  return false;
}
