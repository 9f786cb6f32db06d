import { createHash } from 'node:crypto';
import { findTrackingVersion } from '@app/db';
import { istDay, NDR_ANSWER_WINDOW_HOURS } from '@app/shipping';
import { CATALOGUES, isLanguage, type Language } from '@app/shipping/i18n';
import type { AppDeps } from '../../platform/core/deps';
import { isValidTrackingToken } from '../../platform/security/tokens';

/**
 * Bumped when the view's shape or rules change without the catalogue changing (a new field, a new
 * rule for what is shown): every cached answer is then stale at once, on every instance alike.
 */
const VIEW_VERSION = 'tracking-view-1';

const catalogueHashes = new Map<Language, string>();

/** The words the view is written in: a changed sentence (say, a Hindi one added) is a new answer. */
function catalogueHash(language: Language): string {
  let hash = catalogueHashes.get(language);
  if (hash === undefined) {
    hash = createHash('sha256').update(JSON.stringify(CATALOGUES[language])).digest('base64url').slice(0, 16);
    catalogueHashes.set(language, hash);
  }
  return hash;
}

export interface TrackingVersionInput {
  orderId: string;
  token: string;
  /** The language asked for (`?lang=`); absent, the customer's own. */
  language: Language | null;
}

/**
 * The validator of an order's customer view, from ONE indexed read and no rendering: a hash of the
 * order, its shipments, history and NDR notes (findTrackingVersion), the language the view will be
 * written in and its catalogue, and the clock where the view depends on it (an NDR answer window:
 * open or not, and today's date for the re-attempt days). Callers add their own parts (the page:
 * branding, build, flash) through `extra`.
 *
 * Null unless the token is the order's link token: no validator, and so no 304, for anyone who
 * could not read the order (a wrong token falls to the full path, which counts the failure and
 * answers 404). Access tokens (from the phone digits) get none either: their view carries a renewed
 * token, different each second.
 *
 * Read before the view is built: a change landing in between makes the body newer than its ETag,
 * never older, so the next request simply gets a 200.
 */
export async function trackingEtag(
  deps: AppDeps,
  input: TrackingVersionInput,
  extra: readonly string[] = [],
): Promise<string | null> {
  const version = await findTrackingVersion(deps.db, input.orderId);
  if (!version || !isValidTrackingToken(deps.secrets.appSecret, version.orderNumber, input.token)) return null;
  const language: Language = input.language ?? (isLanguage(version.customerLanguage) ? version.customerLanguage : 'en');
  const now = deps.clock.now();
  const clock: string[] = [];
  if (version.latestNdrAt) {
    const open = now.getTime() < version.latestNdrAt.getTime() + NDR_ANSWER_WINDOW_HOURS * 3_600_000;
    clock.push(open ? `ndr-open:${istDay(now, 0)}` : 'ndr-closed');
  }
  const digest = createHash('sha256')
    .update(
      [VIEW_VERSION, version.orderId, version.fingerprint, language, catalogueHash(language), ...clock, ...extra].join(
        '\n',
      ),
    )
    .digest('base64url')
    .slice(0, 27);
  return `W/"${digest}"`;
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
