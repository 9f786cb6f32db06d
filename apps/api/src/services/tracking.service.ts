import { ORDER_STATUS_LABEL, SHIPMENT_STATUS_LABEL, type OrderStatus } from '@app/shipping';
import type { AppDeps } from '../deps';
import { AppError } from '../errors';
import { maskPhone } from '../logger';
import { hitRateLimit } from '../security/rate-limit';
import { isValidTrackingToken, safeEqual } from '../security/tokens';

const GUESS_LIMIT = { limit: 10, windowSeconds: 15 * 60 };

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

/**
 * The customer's view of an order. Nothing is shown until the link's token or the phone's last
 * four digits check out; unknown orders and wrong answers look the same; names, address and phone
 * stay masked even then.
 */
export async function getTracking(
  deps: AppDeps,
  input: { orderId: string; token?: string | undefined; phoneLast4?: string | undefined; ip: string },
) {
  const now = deps.clock.now();
  if (
    !(
      await hitRateLimit(deps.db, {
        bucket: `track:ip:${input.ip}`,
        limit: deps.config.trackingLookupsPerMinute,
        windowSeconds: 60,
        now,
      })
    ).allowed
  )
    throw new AppError('RATE_LIMITED');
  if (!input.token && !input.phoneLast4) return { state: 'locked' as const };

  const order = await deps.db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .select([
      'o.id',
      'o.order_number',
      'o.status',
      'o.placed_at',
      'o.updated_at',
      'o.ship_name',
      'o.ship_city',
      'o.ship_state',
      'o.ship_pincode',
      'o.contact_phone',
      'c.name',
    ])
    .where('o.order_number', '=', input.orderId)
    .executeTakeFirst();

  let verified = false;
  if (order && input.token) verified = isValidTrackingToken(deps.secrets.appSecret, order.order_number, input.token);
  if (!verified && input.phoneLast4) {
    // Guesses are limited per order and per address, so four digits cannot be brute-forced.
    const perOrder = await hitRateLimit(deps.db, {
      bucket: `track:guess:order:${input.orderId.slice(0, 40)}`,
      ...GUESS_LIMIT,
      now,
    });
    const perIp = await hitRateLimit(deps.db, {
      bucket: `track:guess:ip:${input.ip}`,
      limit: 30,
      windowSeconds: GUESS_LIMIT.windowSeconds,
      now,
    });
    if (!perOrder.allowed || !perIp.allowed) throw new AppError('RATE_LIMITED');
    if (order) verified = safeEqual(order.contact_phone.slice(-4), input.phoneLast4);
  }
  if (!order || !verified) throw new AppError('TRACKING_NOT_FOUND');

  const shipment = await deps.db
    .selectFrom('shipments')
    .select(['id', 'awb', 'courier_name', 'tracking_url', 'status', 'booking_state', 'last_event_at'])
    .where('order_id', '=', order.id)
    .where('booking_state', '=', 'booked')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const history = await deps.db
    .selectFrom('status_history')
    .select([
      'id',
      'order_status',
      'shipment_status',
      'carrier_status',
      'description',
      'location',
      'occurred_at',
      'recorded_at',
      'source',
      'applied',
    ])
    .where('order_id', '=', order.id)
    // Customers see milestones, scans and failed attempts; not our repeated or late pushes.
    .where((eb) => eb.or([eb('applied', '=', true), eb('source', '=', 'track'), eb('carrier_status', 'like', 'NDR:%')]))
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .limit(100)
    .execute();

  // When the courier's own scans are in, they tell the story with places; our echoes of the same
  // pushes would repeat it. Booking, admin changes and failed attempts always stay.
  const hasScans = history.some((h) => h.source === 'track');
  const customerHistory = (
    hasScans
      ? history.filter((h) => !(h.source === 'webhook' || h.source === 'sync') || h.carrier_status?.startsWith('NDR:'))
      : history
  )
    // Newest first by the time shown (when it happened, else when we learned it).
    .sort(
      (a, b) =>
        (b.occurred_at ?? b.recorded_at).getTime() - (a.occurred_at ?? a.recorded_at).getTime() ||
        Number(b.id) - Number(a.id),
    );
  const reachedAt = (status: OrderStatus) => history.find((h) => h.order_status === status)?.recorded_at ?? null;
  const stepIndex = STEP_INDEX[order.status];
  const latestNdr = history.find((h) => h.carrier_status?.startsWith('NDR:'));
  const exceptionText =
    EXCEPTIONS[order.status] ?? (latestNdr && order.status !== 'delivered' ? latestNdr.description : null);
  const lastUpdatedAt = [order.updated_at, shipment?.last_event_at ?? null, history[0]?.recorded_at ?? null]
    .filter((d): d is Date => d instanceof Date)
    .reduce((a, b) => (a > b ? a : b));

  return {
    state: 'ok' as const,
    orderNumber: order.order_number,
    status: order.status,
    statusLabel: ORDER_STATUS_LABEL[order.status],
    placedAt: order.placed_at,
    lastUpdatedAt,
    steps: STEPS.map((step, index) => ({
      key: step.key,
      label: step.label,
      reached: index <= stepIndex && order.status !== 'cancelled',
      at: index === 0 ? order.placed_at : reachedAt(step.key as OrderStatus),
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
          courierName: shipment.courier_name,
          trackingUrl: shipment.tracking_url,
          status: shipment.status,
          statusLabel: shipment.status ? SHIPMENT_STATUS_LABEL[shipment.status] : 'Booked',
        }
      : null,
    history: customerHistory.map((h) => ({
      id: h.id,
      at: h.occurred_at ?? h.recorded_at,
      text: h.description ?? (h.order_status ? ORDER_STATUS_LABEL[h.order_status] : 'Update'),
      location: h.location,
      kind: h.carrier_status?.startsWith('NDR:')
        ? ('failed_attempt' as const)
        : h.source === 'track'
          ? ('scan' as const)
          : ('milestone' as const),
    })),
    recipient: {
      name: maskName(order.ship_name),
      city: order.ship_city,
      state: order.ship_state,
      pincode: `${order.ship_pincode.slice(0, 3)}***`,
      phone: maskPhone(order.contact_phone),
    },
  };
}
