import { findTrackingRead, type TrackingRead } from '@app/db';
import { mapStrings, maskPhone, printableLine, type OrderStatus } from '@app/shipping';
import { translator, type Language } from '@app/shipping/i18n';
import type { AppDeps } from '../../platform/core/deps';
import { httpUrlOrNull } from '../../platform/security/urls';
import { isTrackingLinkToken, verifyTrackingAccess, type TrackingAccessInput } from '../access/tracking-access';
import { customerNdrView } from '../ndr/ndr.view';
import { customerHistory, failedAttemptText, ndrCodeOf } from './customer-history';
import { trackingHeadline } from './tracking-headline';

/** A parcel still travelling to the customer: the promise still speaks (not once it arrived, or turned back). */
const ON_THE_WAY = new Set([
  'pending_pickup',
  'pickup_scheduled',
  'manifested',
  'picked_up',
  'in_transit',
  'out_for_delivery',
]);
const isOnTheWay = (status: string | null) => status === null || ON_THE_WAY.has(status);

export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((part) => (part.length <= 1 ? part : `${part[0]}${'*'.repeat(Math.min(part.length - 1, 6))}`))
    .join(' ');
}

const STEPS = ['ordered', 'shipped', 'out_for_delivery', 'delivered'] as const;

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

/**
 * The statuses the page explains as a problem (catalogue `exception.<status>`). Orders are cancelled
 * before any shipment too (the store's systems, an admin): the words say what is true of both.
 */
const EXCEPTIONS = new Set<OrderStatus>(['returning', 'returned', 'cancelled', 'lost']);

/**
 * The customer's view of an order. Nothing is shown until the link's token or the phone's last
 * four digits check out; unknown orders and wrong answers look the same; names, address and phone
 * stay masked even then. One statement reads everything the view shows (findTrackingRead).
 */
export async function getTracking(
  deps: AppDeps,
  input: TrackingAccessInput,
  options: { language?: Language | null } = {},
) {
  if (!input.token && !input.phoneLast4) return { state: 'locked' as const };
  const read = await verifyTrackingAccess(deps, input, findTrackingRead);
  return trackingView(deps, read, options.language ?? null);
}

/**
 * The view for the order's own link token, or null for anything else (an unknown order, a wrong or
 * an access token): the lean path, which writes and counts nothing. A null goes the full way
 * (getTracking), where a failure is counted and answered as usual.
 */
export async function getTrackingByLink(
  deps: AppDeps,
  input: { orderId: string; token: string },
  options: { language?: Language | null } = {},
): Promise<OrderTrackingView | null> {
  const read = await findTrackingRead(deps.db, input.orderId);
  if (!read || !isTrackingLinkToken(deps, read.order, input.token)) return null;
  return trackingView(deps, { ...read, accessToken: null }, options.language ?? null);
}

export type OrderTrackingView = ReturnType<typeof trackingView>;

/** The view itself, from one read: pure (the clock aside), so the same read always gives the same answer. */
function trackingView(deps: AppDeps, read: TrackingRead & { accessToken: string | null }, asked: Language | null) {
  const now = deps.clock.now();
  const { order, shipment, ndr, accessToken, history } = read;
  // The language asked for (the page's switch), else the customer's own (DESIGN "Language").
  const language: Language = asked ?? read.customerLanguage;
  const tr = translator(language);
  const { t } = tr;
  const reachedAt = (status: OrderStatus) => history.find((h) => h.orderStatus === status)?.recordedAt ?? null;
  const stepIndex = STEP_INDEX[order.status];
  const ndrView = customerNdrView(order, ndr, now, tr);
  const latestNdrCode = history.map(ndrCodeOf).find((code) => code !== null) ?? null;
  const failedAttempt = latestNdrCode !== null && order.status !== 'delivered' && !EXCEPTIONS.has(order.status);
  // Once the customer has answered, the reason's advice ("we will try again") is no longer theirs to follow.
  const exceptionText = EXCEPTIONS.has(order.status)
    ? t(`exception.${order.status as 'returning' | 'returned' | 'cancelled' | 'lost'}`)
    : failedAttempt && latestNdrCode !== null
      ? ndrView?.state === 'answered'
        ? t('exception.answeredAttempt')
        : failedAttemptText(latestNdrCode, language)
      : null;
  // What the customer can see changed: not the order row, which a team's flag or note also touches.
  const lastUpdatedAt = [
    order.placedAt,
    shipment?.lastEventAt ?? null,
    history[0]?.recordedAt ?? null,
    ndr?.event.recordedAt ?? null,
    ndr?.response?.createdAt ?? null,
  ]
    .filter((d): d is Date => d instanceof Date)
    .reduce((a, b) => (a > b ? a : b));

  const view = {
    state: 'ok' as const,
    accessToken,
    language,
    orderNumber: order.orderNumber,
    status: order.status,
    statusLabel: t(`status.${order.status}`),
    headline: trackingHeadline({
      status: order.status,
      ndr: ndrView ? { state: ndrView.state, response: ndr?.response ?? null } : null,
      failedAttempt,
      tr,
    }),
    placedAt: order.placedAt,
    lastUpdatedAt,
    steps: STEPS.map((key, index) => ({
      key,
      label: t(`step.${key}`),
      reached: index <= stepIndex && order.status !== 'cancelled',
      at: index === 0 ? order.placedAt : reachedAt(key as OrderStatus),
    })),
    exception: exceptionText
      ? { text: exceptionText, kind: failedAttempt ? ('failed_attempt' as const) : ('problem' as const) }
      : null,
    shipment: shipment
      ? {
          awb: shipment.awb,
          courierName: shipment.courierName,
          trackingUrl: httpUrlOrNull(shipment.trackingUrl),
          status: shipment.status,
          statusLabel: t(`shipmentStatus.${shipment.status ?? 'booked'}`),
          arrivingBy: isOnTheWay(shipment.status) ? shipment.promisedBy : null,
        }
      : null,
    history: customerHistory(history, tr),
    recipient: {
      name: maskName(order.shippingAddress.name),
      city: order.shippingAddress.city,
      state: order.shippingAddress.state,
      pincode: `${order.shippingAddress.pincode.slice(0, 3)}***`,
      phone: maskPhone(order.contactPhone),
    },
    ndr: ndrView,
  };
  // The last guard on the way out: no control or bidi character in anything the page prints.
  return mapStrings(view, printableLine);
}
