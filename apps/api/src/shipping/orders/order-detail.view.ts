import {
  countOrdersByStatus,
  findOrderDetail,
  InvalidCursorError,
  listOrders,
  pickCurrentShipment,
  type OrderAddressFilter,
  type OrderCodFilter,
  type ClosedOrdersFilter,
  type OrderListFilter,
} from '@app/db';
import { ORDER_STATUS_LABEL, type OrderStatus, oneEntryPerEvent } from '@app/shipping';
import { planParcel } from '../booking/plan-parcel';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { trackingLink } from '../../platform/security/tokens';
import { returnBlockedReason } from '../returns/create-return';
import { toShipmentView, type ShipmentView } from '../shipments/shipment.view';
import { codRisks, readMemoryPolicy } from '../shipments/delivery-memory.service';
import { codConfirmationBadge, codConfirmationView } from '../../customer/cod-confirmation/cod-confirmation.rules';

/** Which part of Order Details applies: the server decides, the web renders it. */
export type ShippingPanel = 'booked' | 'resolve' | 'booking' | 'blocked' | 'ship';

function shippingPanel(
  status: OrderStatus,
  current: ShipmentView | null,
): { panel: ShippingPanel; blockedReason: string | null } {
  if (current?.bookingState === 'booked') return { panel: 'booked', blockedReason: null };
  if (current?.canResolve) return { panel: 'resolve', blockedReason: null };
  if (current?.bookingState === 'booking') return { panel: 'booking', blockedReason: null };
  if (status === 'pending') {
    return {
      panel: 'blocked',
      blockedReason: 'Payment is pending: mark the order as Processing when it is paid, then ship it.',
    };
  }
  if (status !== 'processing') {
    return {
      panel: 'blocked',
      blockedReason: `Only orders in Processing can be shipped. This order is ${ORDER_STATUS_LABEL[status]}.`,
    };
  }
  return { panel: 'ship', blockedReason: null };
}

/** Everything the Order Details dialog shows, with the rules decided here (flags, not raw states, for the web). */
export async function getOrderDetailView(deps: AppDeps, orderId: string) {
  const detail = await findOrderDetail(deps.db, orderId);
  if (!detail) throw new AppError('ORDER_NOT_FOUND');
  const now = deps.clock.now();
  const shipments = detail.shipments.map((s) => toShipmentView(s, deps.config, now));
  const current = detail.shipment ? (shipments.find((s) => s.id === detail.shipment?.id) ?? null) : null;
  const { panel, blockedReason } = shippingPanel(detail.order.status, current);
  const ended = current && ['failed', 'void', 'cancelled'].includes(current.bookingState) ? current : null;
  const forwardRecord = detail.shipment;
  const returnRecord = pickCurrentShipment(detail.shipments, 'return');
  const returnShipment = returnRecord ? (shipments.find((s) => s.id === returnRecord.id) ?? null) : null;
  const activeReturn = returnRecord?.isActive ? returnRecord : null;
  const returnBlocked = returnBlockedReason(
    detail.order,
    forwardRecord?.bookingState === 'booked' ? forwardRecord : null,
    activeReturn,
  );
  const { order } = detail;
  const open = order.status === 'pending' || order.status === 'processing';
  const risk = open
    ? (
        await codRisks(deps, [
          { id: order.id, pincode: order.shippingAddress.pincode, paymentMethod: order.paymentMethod },
        ])
      ).get(order.id)
    : undefined;
  return {
    order: detail.order,
    /** What the address check found (on intake, rerun when the address changed); null = not checked yet. */
    addressCheck: detail.order.addressCheck,
    customer: detail.customer,
    items: detail.items,
    parcel: planParcel(deps.config, detail.items, detail.order),
    codConfirmation: codConfirmationView(detail.order.codConfirmation),
    /** An open COD order to a place whose COD parcels come back above the store's limit; null = not risky. */
    codRisk: risk?.risky && risk.reason ? { rtoRate: risk.rtoRate ?? 0, reason: risk.reason } : null,
    shipment: current,
    shipments,
    shipping: { panel, blockedReason, canShip: panel === 'ship', lastAttempt: ended },
    /** The order's return pickup (active, else the latest attempt), and whether one can be booked now. */
    returnShipment,
    returns: { canCreate: returnBlocked === null, blockedReason: returnBlocked },
    /** Each event once (a push and the courier's scan of it are one), oldest first by when it happened. */
    history: oneEntryPerEvent(detail.history),
    notes: detail.notes,
    trackingLink: trackingLink(deps.config.publicUrl, deps.secrets.appSecret, detail.order.orderNumber),
  };
}

/** The Orders page: one page of the list and the per-status counts for the tabs. */
export async function listOrdersView(
  deps: AppDeps,
  input: {
    status?: OrderStatus | undefined;
    filter?: OrderListFilter | undefined;
    search?: string | undefined;
    addressCheck?: OrderAddressFilter | undefined;
    codConfirmation?: OrderCodFilter | undefined;
    closed?: ClosedOrdersFilter | undefined;
    limit: number;
    cursor?: string | null | undefined;
  },
) {
  try {
    // The risk policy is read beside the page, not after it: one round trip less on the way.
    const [page, counts, policy] = await Promise.all([
      listOrders(deps.db, { ...input, search: input.search || undefined }),
      countOrdersByStatus(deps.db),
      readMemoryPolicy(deps),
    ]);
    // The risk flag: open COD orders to places whose COD parcels often come back (one read per page).
    const open = page.items.filter((o) => o.status === 'pending' || o.status === 'processing');
    const risks = await codRisks(
      deps,
      open.map((o) => ({ id: o.id, pincode: o.pincode, paymentMethod: o.paymentMethod })),
      policy,
    );
    const items = page.items.map((row) => {
      const risk = risks.get(row.id);
      return {
        ...row,
        codConfirmation: codConfirmationBadge(row.codConfirmation),
        codRisk: risk?.risky && risk.reason ? { rtoRate: risk.rtoRate ?? 0, reason: risk.reason } : null,
      };
    });
    return { items, nextCursor: page.nextCursor, counts };
  } catch (err) {
    if (err instanceof InvalidCursorError) throw new AppError('INVALID_CURSOR', { cause: err });
    throw err;
  }
}
