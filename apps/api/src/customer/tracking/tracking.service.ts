import { findTrackingSubject, listCustomerHistory, type TrackingSubject } from '@app/db';
import { maskPhone, ORDER_STATUS_LABEL, SHIPMENT_STATUS_LABEL, type OrderStatus } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { customerNdrView } from '../ndr/ndr.view';
import { hitRateLimit } from '../../platform/security/rate-limit';
import { httpUrlOrNull } from '../../platform/security/urls';
import {
  isValidTrackingAccessToken,
  isValidTrackingToken,
  safeEqual,
  trackingAccessToken,
} from '../../platform/security/tokens';

/** Wrong phone-digit guesses per order (from every address together) and per address, per window. */
const GUESS_PER_ORDER = { limit: 10, windowSeconds: 15 * 60 };
const GUESS_PER_ADDRESS = { limit: 30, windowSeconds: 15 * 60 };

export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((part) => (part.length <= 1 ? part : `${part[0]}${'*'.repeat(Math.min(part.length - 1, 6))}`))
    .join(' ');
}

const STEPS = [
  { key: 'ordered', label: 'Ordered' },
  { key: 'shipped', label: 'Shipped' },
  { key: 'out_for_delivery', label: 'Out for Delivery' },
  { key: 'delivered', label: 'Delivered' },
] as const;

const STEP_INDEX: Record<OrderStatus, number> = {
  pending: 0,
  processing: 0,
  shipped: 1,
  out_for_delivery: 2,
  returning: 2,
  delivered: 3,
  returned: 1,
  cancelled: 0,
  lost: 1,
};

const EXCEPTIONS: Partial<Record<OrderStatus, string>> = {
  returning: 'The courier could not deliver the parcel and is returning it to us. We will contact you.',
  returned: 'The parcel came back to us. We will contact you about a refund or a new delivery.',
  cancelled: 'This shipment was cancelled.',
  lost: 'The courier reported the parcel lost or damaged. We are sorry, and will contact you about a replacement or refund.',
};

export interface TrackingAccessInput {
  orderId: string;
  token?: string | undefined;
  phoneLast4?: string | undefined;
  ip: string;
}

/**
 * Proves the caller may see (or answer for) the order: the link's token, a short-lived access token,
 * or the phone's last four digits. Unknown orders and wrong answers throw the same
 * TRACKING_NOT_FOUND; RATE_LIMITED when guessing. `accessToken` is set when the caller should refresh
 * with it (digits, or an access token that was renewed).
 */
export async function verifyTrackingAccess(
  deps: AppDeps,
  input: TrackingAccessInput,
): Promise<TrackingSubject & { accessToken: string | null }> {
  const now = deps.clock.now();
  const { appSecret } = deps.secrets;

  // One lookup for every caller: case-insensitive, exact (the token is checked against the stored
  // number). It brings the shipment and the latest NDR along, so a page costs this and the history.
  const subject = await findTrackingSubject(deps.db, input.orderId);
  const order = subject?.order;

  // A valid link token (or the short-lived token a page got for the right digits) is proof enough:
  // that lookup writes nothing. Only failures count, per client address.
  const token = input.token;
  let accessToken: string | null = null;
  let verified = false;
  if (order && token) {
    if (isValidTrackingToken(appSecret, order.orderNumber, token)) verified = true;
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

/**
 * The customer's view of an order. Nothing is shown until the link's token or the phone's last
 * four digits check out; unknown orders and wrong answers look the same; names, address and phone
 * stay masked even then.
 */
export async function getTracking(deps: AppDeps, input: TrackingAccessInput) {
  const now = deps.clock.now();
  if (!input.token && !input.phoneLast4) return { state: 'locked' as const };
  const { order, shipment, ndr, accessToken } = await verifyTrackingAccess(deps, input);
  const history = await listCustomerHistory(deps.db, order.id);

  // When the courier's own scans are in, they tell the story with places; our echoes of the same
  // pushes would repeat it. Booking, admin changes and failed attempts always stay.
  const hasScans = history.some((h) => h.source === 'track');
  const customerHistory = (
    hasScans
      ? history.filter((h) => !(h.source === 'webhook' || h.source === 'sync') || h.carrierStatus?.startsWith('NDR:'))
      : history
  )
    // Newest first by the time shown (when it happened, else when we learned it).
    .sort(
      (a, b) =>
        (b.occurredAt ?? b.recordedAt).getTime() - (a.occurredAt ?? a.recordedAt).getTime() ||
        Number(b.id) - Number(a.id),
    );
  const reachedAt = (status: OrderStatus) => history.find((h) => h.orderStatus === status)?.recordedAt ?? null;
  const stepIndex = STEP_INDEX[order.status];
  const latestNdr = history.find((h) => h.carrierStatus?.startsWith('NDR:'));
  const exceptionText =
    EXCEPTIONS[order.status] ?? (latestNdr && order.status !== 'delivered' ? latestNdr.description : null);
  const lastUpdatedAt = [order.updatedAt, shipment?.lastEventAt ?? null, history[0]?.recordedAt ?? null]
    .filter((d): d is Date => d instanceof Date)
    .reduce((a, b) => (a > b ? a : b));

  return {
    state: 'ok' as const,
    accessToken,
    orderNumber: order.orderNumber,
    status: order.status,
    statusLabel: ORDER_STATUS_LABEL[order.status],
    placedAt: order.placedAt,
    lastUpdatedAt,
    steps: STEPS.map((step, index) => ({
      key: step.key,
      label: step.label,
      reached: index <= stepIndex && order.status !== 'cancelled',
      at: index === 0 ? order.placedAt : reachedAt(step.key as OrderStatus),
    })),
    exception: exceptionText
      ? {
          text: exceptionText,
          kind: latestNdr && !EXCEPTIONS[order.status] ? ('failed_attempt' as const) : ('problem' as const),
        }
      : null,
    shipment: shipment
      ? {
          awb: shipment.awb,
          courierName: shipment.courierName,
          trackingUrl: httpUrlOrNull(shipment.trackingUrl),
          status: shipment.status,
          statusLabel: shipment.status ? SHIPMENT_STATUS_LABEL[shipment.status] : 'Booked',
        }
      : null,
    history: customerHistory.map((h) => ({
      id: h.id,
      at: h.occurredAt ?? h.recordedAt,
      text: h.description ?? (h.orderStatus ? ORDER_STATUS_LABEL[h.orderStatus] : 'Update'),
      location: h.location,
      kind: h.carrierStatus?.startsWith('NDR:')
        ? ('failed_attempt' as const)
        : h.source === 'track'
          ? ('scan' as const)
          : ('milestone' as const),
    })),
    recipient: {
      name: maskName(order.shippingAddress.name),
      city: order.shippingAddress.city,
      state: order.shippingAddress.state,
      pincode: `${order.shippingAddress.pincode.slice(0, 3)}***`,
      phone: maskPhone(order.contactPhone),
    },
    ndr: customerNdrView(order, ndr, now),
  };
}
