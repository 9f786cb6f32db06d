import {
  cancelUnshippedOrder,
  findActiveShipment,
  findChangedUnshippedOrders,
  findOrdersByExternalIds,
  findTakenOrderNumbers,
  flagOrderAttention,
  insertHistory,
  insertIntakeOrders,
  lockOrder,
  setOrderStatus,
  updateUnshippedIntakeOrders,
  type Channel,
  type ChannelWebhookOutcome,
  type IntakeOrder,
  type OrderRecord,
} from '@app/db';
import { containsUnstorableText, parseRupeesToPaise } from '@app/shipping';
import { cancelShipment } from '../../shipping/booking/cancel-shipment';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { recordOrdersCreated } from '../../outbox/events/record-event';
import { createdOrderOf } from '../orders/create-order';
import { orderInputSchema, toFieldIssues, toIntakeOrder } from '../orders/order-input.schema';
import { CHANNEL_LABEL, type ChannelOrder } from './channel-order';

const PG_UNIQUE_VIOLATION = '23505';
/** Shipment statuses before the courier has the parcel: iCarry can still cancel the booking. */
const BEFORE_PICKUP = new Set([null, 'pending_pickup', 'pickup_scheduled', 'manifested']);

export interface ChannelApplyResult {
  outcome: ChannelWebhookOutcome;
  detail: string | null;
  orderId: string | null;
  externalId: string | null;
}

function sameDelivery(existing: OrderRecord, incoming: IntakeOrder): boolean {
  return (
    JSON.stringify({ ...existing.shippingAddress }) === JSON.stringify(incoming.shippingAddress) &&
    existing.contactPhone === incoming.customer.phone
  );
}

function isUnshippedStatus(order: OrderRecord): boolean {
  return order.status === 'pending' || order.status === 'processing';
}

/**
 * Applies one channel delivery (a webhook or a reconciliation poll's order) through the same
 * validation and natural key (channel, external id) as the REST API and CSV: creates the order,
 * updates it while unshipped (address edits land; pending becomes processing when paid), flags a
 * shipped order whose address changed instead of changing it, and cancels (cancelling a booked,
 * not-picked-up shipment at iCarry first). Safe to repeat: the same delivery changes nothing twice.
 */
export async function applyChannelOrder(
  deps: AppDeps,
  channel: Channel,
  order: ChannelOrder,
): Promise<ChannelApplyResult> {
  const label = CHANNEL_LABEL[channel];
  if (order.kind === 'ignore') {
    return { outcome: 'ignored', detail: order.reason, orderId: null, externalId: order.externalId };
  }
  // PostgreSQL cannot store a NUL or an unpaired surrogate: such an order could never be
  // written, and a retry would fail the same way, so it is refused like any invalid order.
  if (containsUnstorableText(order)) {
    return {
      outcome: 'rejected',
      detail: 'not imported: a field holds a NUL character or an unpaired surrogate, which cannot be stored',
      orderId: null,
      externalId: containsUnstorableText(order.externalId) ? null : order.externalId,
    };
  }
  if (order.kind === 'cancel') return cancelChannelOrder(deps, channel, order.externalId, order.reason);

  const parsed = orderInputSchema.safeParse(order.input);
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error)
      .map((i) => `${i.path || 'order'} ${i.message}`)
      .join('; ');
    return { outcome: 'rejected', detail: `not imported: ${issues}`, orderId: null, externalId: order.externalId };
  }
  const intake = toIntakeOrder(parsed.data, channel, `Received from ${label}`);
  const discount = order.discount === null ? null : parseRupeesToPaise(order.discount);
  if (discount !== null && discount > 0) {
    const gross = intake.items.reduce((s, i) => s + i.quantity * i.unitPricePaise, 0) + intake.shippingPaise;
    intake.discountPaise = Math.min(discount, gross);
    if (intake.codAmountPaise !== null && intake.codAmountPaise > gross - intake.discountPaise)
      intake.codAmountPaise = gross - intake.discountPaise;
  }

  // null = collect the total: the form the catalogue's change check compares, so a repeat is no change.
  const total =
    intake.items.reduce((s, i) => s + i.quantity * i.unitPricePaise, 0) + intake.shippingPaise - intake.discountPaise;
  if (intake.codAmountPaise === total) intake.codAmountPaise = null;

  for (let attempt = 0; ; attempt++) {
    try {
      return await upsert(deps, channel, intake);
    } catch (err) {
      const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
      // Two deliveries of one new order at once: the loser's retry finds the order the winner made.
      if (code !== PG_UNIQUE_VIOLATION || attempt >= 1) throw err;
    }
  }
}

async function upsert(deps: AppDeps, channel: Channel, intake: IntakeOrder): Promise<ChannelApplyResult> {
  const label = CHANNEL_LABEL[channel];
  const { db, clock } = deps;
  const externalId = intake.externalId;
  const existing = (await findOrdersByExternalIds(db, channel, [externalId])).get(externalId);
  if (!existing) {
    return db.transaction().execute(async (tx) => {
      const numbered =
        intake.orderNumber !== null && (await findTakenOrderNumbers(tx, [intake.orderNumber])).size > 0
          ? { ...intake, orderNumber: null }
          : intake;
      const [created] = await insertIntakeOrders(tx, [numbered], clock.now());
      if (!created) throw new Error('insertIntakeOrders made no order');
      await recordOrdersCreated(deps, tx, [createdOrderOf(created)]);
      const renamed = numbered.orderNumber === null && intake.orderNumber !== null;
      return {
        outcome: 'created' as const,
        detail: renamed
          ? `order number ${intake.orderNumber ?? ''} belongs to another order here: numbered ${created.orderNumber}`
          : intake.status === 'processing'
            ? 'ready to ship'
            : 'waiting for payment (pending)',
        orderId: created.orderId,
        externalId,
      };
    });
  }
  const refs = { orderId: existing.id, externalId };
  const [changed] = await findChangedUnshippedOrders(db, [{ existing, incoming: intake }]);
  let updated = false;
  if (changed) {
    const ids = await db.transaction().execute((tx) =>
      updateUnshippedIntakeOrders(tx, [{ orderId: existing.id, incoming: intake }], {
        now: clock.now(),
        description: `Updated from ${label}`,
      }),
    );
    updated = ids.length > 0;
  }
  const active = await findActiveShipment(db, existing.id);
  if (!updated && (active || !isUnshippedStatus(existing)) && !sameDelivery(existing, intake)) {
    // A parcel on its way is not silently re-addressed: a person decides (iCarry's panel, the courier).
    await flagOrderAttention(db, existing.id, {
      kind: 'address_changed',
      reason: `The delivery address or phone was changed in ${label} after the order was shipped; check it with the courier.`,
      now: clock.now(),
    });
    deps.logger.warn(
      { orderId: existing.id, channel },
      `[${label.toUpperCase()}] address changed after shipping: flagged`,
    );
    return { outcome: 'flagged', detail: 'address changed after shipping: order flagged, address kept', ...refs };
  }
  if (existing.status === 'pending' && intake.status === 'processing' && !active) {
    const promoted = await db.transaction().execute(async (tx) => {
      const locked = await lockOrder(tx, existing.id);
      if (locked?.status !== 'pending') return false;
      const now = clock.now();
      await setOrderStatus(tx, existing.id, 'processing', now);
      await insertHistory(tx, {
        orderId: existing.id,
        shipmentId: null,
        orderStatus: 'processing',
        source: 'system',
        applied: true,
        recordedAt: now,
        description: `Paid in ${label}: ready to ship`,
      });
      return true;
    });
    if (promoted) return { outcome: 'updated', detail: 'paid: now Processing', ...refs };
  }
  return updated
    ? { outcome: 'updated', detail: 'order updated (it was not shipped yet)', ...refs }
    : { outcome: 'unchanged', detail: null, ...refs };
}

async function cancelChannelOrder(
  deps: AppDeps,
  channel: Channel,
  externalId: string,
  reason: string,
): Promise<ChannelApplyResult> {
  const label = CHANNEL_LABEL[channel];
  const found = (await findOrdersByExternalIds(deps.db, channel, [externalId])).get(externalId);
  if (!found)
    return { outcome: 'ignored', detail: `${reason}; the order was never imported`, orderId: null, externalId };
  const refs = { orderId: found.id, externalId };
  if (found.status === 'cancelled') return { outcome: 'unchanged', detail: 'already cancelled', ...refs };
  const shipment = await findActiveShipment(deps.db, found.id);
  const flag = async (why: string): Promise<ChannelApplyResult> => {
    await flagOrderAttention(deps.db, found.id, {
      kind: 'cancel_requested',
      reason: `Cancelled in ${label}, but ${why}`,
      now: deps.clock.now(),
    });
    return { outcome: 'flagged', detail: `cancel requested, but ${why}`, ...refs };
  };
  if (shipment) {
    if (shipment.bookingState !== 'booked') return flag('its booking is in flight or unresolved');
    if (!BEFORE_PICKUP.has(shipment.status)) return flag('the courier has picked the parcel up');
    try {
      await cancelShipment(deps, { orderId: found.id, adminId: `channel:${channel}`, reason: `cancelled in ${label}` });
    } catch (err) {
      if (err instanceof AppError) return flag(`iCarry did not cancel the shipment: ${err.userMessage}`);
      throw err;
    }
  }
  const done = await deps.db.transaction().execute(async (tx) => {
    const locked = await lockOrder(tx, found.id);
    if (!locked) return false;
    return cancelUnshippedOrder(tx, found.id, { now: deps.clock.now(), description: `Cancelled in ${label}` });
  });
  if (!done) return flag(`the order is ${found.status}`);
  deps.logger.info({ orderId: found.id, channel }, `[${label.toUpperCase()}] order cancelled`);
  return { outcome: 'cancelled', detail: reason, ...refs };
}
