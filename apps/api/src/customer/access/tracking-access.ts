import type { DbExecutor, OrderRecord, TrackingSubject } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { hitRateLimit } from '../../platform/security/rate-limit';
import {
  isValidTrackingAccessToken,
  isValidTrackingToken,
  safeEqual,
  trackingAccessToken,
} from '../../platform/security/tokens';

/** Wrong phone-digit guesses per order (from every address together) and per address, per window. */
const GUESS_PER_ORDER = { limit: 10, windowSeconds: 15 * 60 };
const GUESS_PER_ADDRESS = { limit: 30, windowSeconds: 15 * 60 };

export interface TrackingAccessInput {
  orderId: string;
  token?: string | undefined;
  phoneLast4?: string | undefined;
  ip: string;
}

/** Whether `token` is the order's own link token (the one its messages carry): proof enough, and nothing to count. */
export function isTrackingLinkToken(deps: AppDeps, order: Pick<OrderRecord, 'orderNumber'>, token: string): boolean {
  return isValidTrackingToken(deps.secrets.appSecret, order.orderNumber, token);
}

/**
 * Proves the caller may see (or answer for) the order: the link's token, a short-lived access token,
 * or the phone's last four digits. Unknown orders and wrong answers throw the same
 * TRACKING_NOT_FOUND; RATE_LIMITED when guessing. `accessToken` is set when the caller should refresh
 * with it (digits, or an access token that was renewed). `read` finds the order by number
 * (findTrackingSubject, or findTrackingRead for the whole customer view in the same statement).
 */
export async function verifyTrackingAccess<
  S extends Omit<TrackingSubject, 'order'> & { order: Pick<OrderRecord, 'orderNumber' | 'contactPhone'> },
>(
  deps: AppDeps,
  input: TrackingAccessInput,
  read: (db: DbExecutor, orderNumber: string) => Promise<S | undefined>,
): Promise<S & { accessToken: string | null }> {
  const now = deps.clock.now();
  const { appSecret } = deps.secrets;

  // One lookup for every caller: case-insensitive, exact (the token is checked against the stored
  // number). It brings the shipment and the latest NDR along (and, for a view, the history).
  const subject = await read(deps.db, input.orderId);
  const order = subject?.order;

  // A valid link token (or the short-lived token a page got for the right digits) is proof enough:
  // that lookup writes nothing. Only failures count, per client address.
  const token = input.token;
  let accessToken: string | null = null;
  let verified = false;
  if (order && token) {
    if (isTrackingLinkToken(deps, order, token)) verified = true;
    else if (isValidTrackingAccessToken(appSecret, order.orderNumber, token, now)) {
      verified = true;
      accessToken = trackingAccessToken(appSecret, order.orderNumber, now);
    }
  }
  if (!verified && token && !input.phoneLast4) {
    const failures = await hitRateLimit(deps.db, {
      bucket: `track:fail:ip:${input.ip}`,
      limit: deps.config.trackingLookupsPerMinute,
      windowSeconds: 60,
      now,
    });
    if (!failures.allowed) throw new AppError('RATE_LIMITED');
  }
  if (!verified && input.phoneLast4) {
    // Four digits are guessable, so every try is counted BEFORE it is checked (per address and per
    // order, one atomic upsert each) and a right answer takes its counts back: only wrong guesses
    // count. A page that got in refreshes with the access token below and guesses nothing.
    const perIp = await hitRateLimit(deps.db, { bucket: `track:guess:ip:${input.ip}`, ...GUESS_PER_ADDRESS, now });
    const perOrder = await hitRateLimit(deps.db, {
      bucket: `track:guess:order:${input.orderId.trim().toUpperCase().slice(0, 40)}`,
      ...GUESS_PER_ORDER,
      now,
    });
    if (!perOrder.allowed || !perIp.allowed) throw new AppError('RATE_LIMITED');
    if (order && safeEqual(order.contactPhone.slice(-4), input.phoneLast4)) {
      verified = true;
      accessToken = trackingAccessToken(appSecret, order.orderNumber, now);
      await perIp.refund();
      await perOrder.refund();
    }
  }
  if (!subject || !verified) throw new AppError('TRACKING_NOT_FOUND');
  return { ...subject, accessToken };
}
