import { listCustomerHistory } from '@app/db';
import { maskPhone, ORDER_STATUS_LABEL, SHIPMENT_STATUS_LABEL, type OrderStatus } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { httpUrlOrNull } from '../../platform/security/urls';
import { verifyTrackingAccess, type TrackingAccessInput } from '../access/tracking-access';
import { customerNdrView } from '../ndr/ndr.view';

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
