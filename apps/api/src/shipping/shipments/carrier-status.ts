import {
  flagShipmentReview,
  insertHistory,
  moveOrderStatus,
  rememberClosedShipments,
  setShipmentStatus,
  touchShipmentEvent,
  type DB,
  type HistorySource,
  type ShipmentRecord,
  type Transaction,
} from '@app/db';
import {
  CUSTOMER_MILESTONES,
  isForwardOrderMove,
  isForwardShipmentMove,
  mapICarryStatus,
  ORDER_STATUSES,
  ORDER_STATUS_FOR_SHIPMENT,
  SHIPMENT_STATUS_LABEL,
  type CustomerMilestone,
  type OrderStatus,
  type ShipmentStatus,
} from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { recordShipmentMilestone, type ShipmentMilestone } from '../../outbox/events/record-event';
import { enqueueCustomerMilestone } from '../../outbox/notifications/notification.service';

export type ApplyOutcome = 'applied' | 'stale' | 'review';

export interface CarrierStatusEvent {
  source: Extract<HistorySource, 'webhook' | 'sync' | 'track' | 'booking'>;
  /** iCarry's numeric code as it arrived ("21", 21). */
  carrierCode: string | number;
  occurredAt?: Date | null;
  description?: string | null;
  location?: string | null;
  inboxId?: string | null;
}

/** Statuses that end a forward parcel's journey: its outcome is counted in the delivery memory. */
export const CLOSING_STATUSES: ReadonlySet<ShipmentStatus> = new Set(['delivered', 'rto_delivered', 'lost']);

/** How a return pickup's steps read in the order's history. */
const RETURN_STATUS_LABEL: Partial<Record<ShipmentStatus, string>> = {
  pending_pickup: 'Return pickup booked',
  pickup_scheduled: 'Return pickup scheduled',
  manifested: 'Return pickup manifested',
  picked_up: 'Return picked up from the customer',
  in_transit: 'Return in transit to the store',
  out_for_delivery: 'Return out for delivery to the store',
  delivered: 'Return delivered to the store',
  cancelled: 'Return pickup cancelled',
};

export function describeReturnStatus(status: ShipmentStatus): string {
  return RETURN_STATUS_LABEL[status] ?? `Return: ${SHIPMENT_STATUS_LABEL[status]}`;
}

/** How a late or repeated carrier status reads in the history. */
export function describeStaleStatus(name: string): string {
  return `${name} (late or repeated update: status not changed)`;
}

/** The outside world's milestone (events out, channel write-back) for a shipment moving to a status. */
export const MILESTONE_FOR_SHIPMENT: Partial<Record<ShipmentStatus, ShipmentMilestone>> = {
  pending_pickup: 'booked',
  picked_up: 'picked_up',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
  rto_in_transit: 'rto_initiated',
  rto_delivered: 'rto_delivered',
  cancelled: 'cancelled',
};

export function isMilestone(status: OrderStatus): status is CustomerMilestone {
  return (CUSTOMER_MILESTONES as readonly string[]).includes(status);
}

export interface OrderMove {
  orderId: string;
  to: OrderStatus;
  shipmentId: string | null;
  source: HistorySource;
  description: string;
  shipmentStatus?: ShipmentStatus | null;
  carrierStatus?: string | null;
  occurredAt?: Date | null;
  location?: string | null;
  inboxId?: string | null;
}

/**
 * Moves an order to `to` if that is forward, writes the history entry and queues the customer's
 * milestone messages in the same transaction. Returns whether the order moved.
 */
/** For each target status, the statuses an order may move to it from (forward by rank). */
const FORWARD_FROM = Object.fromEntries(
  ORDER_STATUSES.map((to) => [to, ORDER_STATUSES.filter((from) => isForwardOrderMove(from, to))]),
) as Record<OrderStatus, OrderStatus[]>;

export async function advanceOrder(deps: AppDeps, tx: Transaction<DB>, move: OrderMove): Promise<boolean> {
  const now = deps.clock.now();
  // One conditional UPDATE (forward only, by rank) instead of lock-then-update.
  const moved = await moveOrderStatus(tx, move.orderId, { to: move.to, from: FORWARD_FROM[move.to], now });
  const moves = moved !== undefined;
  await insertHistory(tx, {
    orderId: move.orderId,
    shipmentId: move.shipmentId,
    orderStatus: moves ? move.to : null,
    shipmentStatus: move.shipmentStatus ?? null,
    carrierStatus: move.carrierStatus ?? null,
    location: move.location ?? null,
    description: move.description,
    occurredAt: move.occurredAt ?? null,
    recordedAt: now,
    source: move.source,
    applied: moves || Boolean(move.shipmentStatus),
    inboxId: move.inboxId ?? null,
  });
  if (moves && isMilestone(move.to)) await enqueueCustomerMilestone(deps, tx, move.orderId, move.to);
  // A shipment that moved (or a booking that got its AWB late) is news for the store's systems.
  const milestone = move.shipmentStatus
    ? MILESTONE_FOR_SHIPMENT[move.shipmentStatus]
    : moves && move.to === 'shipped' && move.shipmentId
      ? 'booked'
      : undefined;
  if (milestone) {
    await recordShipmentMilestone(deps, tx, {
      milestone,
      orderId: move.orderId,
      shipmentId: move.shipmentId,
      occurredAt: move.occurredAt ?? null,
      ...(moved ? { source: moved.source } : {}),
    });
  }
  return moves;
}

/**
 * The status machine: applies one carrier status to a locked shipment. Forward moves change the
 * shipment and (when forward for it too) the order; late, duplicate and out-of-order events are
 * recorded but change nothing; unknown codes flag the shipment for review and change nothing.
 */
export async function applyCarrierStatus(
  deps: AppDeps,
  tx: Transaction<DB>,
  shipment: ShipmentRecord,
  event: CarrierStatusEvent,
): Promise<ApplyOutcome> {
  const mapping = mapICarryStatus(event.carrierCode);
  const now = deps.clock.now();
  const base = {
    orderId: shipment.orderId,
    shipmentId: shipment.id,
    carrierStatus: String(event.carrierCode),
    location: event.location ?? null,
    occurredAt: event.occurredAt ?? null,
    recordedAt: now,
    source: event.source,
    inboxId: event.inboxId ?? null,
  };
  if (mapping.kind === 'unknown') {
    const reason = `iCarry sent status code "${mapping.code}", which we do not know. Check the shipment in the iCarry panel.`;
    await flagShipmentReview(tx, shipment.id, reason, now);
    await insertHistory(tx, {
      ...base,
      description: `Unknown carrier status ${mapping.code}: not applied`,
      applied: false,
    });
    deps.logger.warn(
      { shipmentId: shipment.id, code: mapping.code, source: event.source },
      '[WEBHOOK] unknown iCarry status code: shipment flagged for review',
    );
    return 'review';
  }
  if (!isForwardShipmentMove(shipment.status, mapping.status)) {
    await touchShipmentEvent(tx, shipment.id, now);
    await insertHistory(tx, {
      ...base,
      shipmentStatus: mapping.status,
      description: describeStaleStatus(mapping.name),
      applied: false,
    });
    return 'stale';
  }
  await setShipmentStatus(tx, shipment.id, { status: mapping.status, carrierStatusCode: String(mapping.code), now });
  if (shipment.direction === 'return') {
    // A return pickup has its own history and never moves the order: it stays Delivered (a final
    // status) and its customer was told about its milestones already.
    await insertHistory(tx, {
      ...base,
      shipmentStatus: mapping.status,
      description: event.description ?? describeReturnStatus(mapping.status),
      applied: true,
    });
    return 'applied';
  }
  if (CLOSING_STATUSES.has(mapping.status)) {
    // The store's delivery memory learns from each parcel once, as it closes (issue 25).
    await rememberClosedShipments(tx, { now, shipmentIds: [shipment.id], closedAt: event.occurredAt ?? now });
  }
  await advanceOrder(deps, tx, {
    orderId: shipment.orderId,
    to: ORDER_STATUS_FOR_SHIPMENT[mapping.status],
    shipmentId: shipment.id,
    source: event.source,
    description: event.description ?? SHIPMENT_STATUS_LABEL[mapping.status],
    shipmentStatus: mapping.status,
    carrierStatus: String(mapping.code),
    occurredAt: event.occurredAt ?? null,
    location: event.location ?? null,
    inboxId: event.inboxId ?? null,
  });
  return 'applied';
}
