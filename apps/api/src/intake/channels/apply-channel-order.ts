import {
  cancelUnshippedOrder,
  claimOrderSourceVersion,
  findActiveShipment,
  findChangedUnshippedOrders,
  findOrdersByExternalIds,
  findTakenOrderNumbers,
  flagOrderAttention,
  insertHistory,
  insertIntakeOrders,
  lockOrder,
  recordWhatsappConsent,
  setOrderStatus,
  updateUnshippedIntakeOrders,
  type Channel,
  type ChannelWebhookOutcome,
  type IntakeOrder,
  type OrderRecord,
} from '@app/db';
import { containsUnstorableText } from '@app/shipping';
import { cancelShipment } from '../../shipping/booking/cancel-shipment';
import type { AppDeps } from '../../platform/core/deps';
import { AppError } from '../../platform/core/errors';
import { recordNewOrders } from '../orders/create-order';
import { CHANNEL_LABEL, type ChannelOrder } from './channel-order';
import { channelConsentPolicy } from './channel-consent';
import { toChannelIntake } from './channel-intake';
import { isStaleStatement } from './channel-money.rules';

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

/** What a body older than the applied statement gets: nothing changed, the reason kept. */
function staleResult(applied: Date | null, incoming: Date | null, refs: { orderId: string; externalId: string }) {
  return {
    outcome: 'stale' as const,
    detail: `older than the version applied (${incoming?.toISOString() ?? 'no version'} < ${applied?.toISOString() ?? ''}): changed nothing`,
    ...refs,
  };
}

/**
 * Applies one channel delivery (a webhook or a reconciliation poll's order) through the same
 * validation and natural key (channel, external id) as the REST API and CSV: creates the order,
 * updates it while unshipped (address edits land; pending becomes processing when paid), flags a
 * shipped order whose address changed instead of changing it, and cancels (cancelling a booked,
 * not-picked-up shipment at iCarry first). Only a newer statement changes an order: a body older
 * than the one applied is `stale` and changes nothing. Safe to repeat: the same delivery changes
 * nothing twice.
 */
export async function applyChannelOrder(
  deps: AppDeps,
  channel: Channel,
  order: ChannelOrder,
): Promise<ChannelApplyResult> {
  if (order.kind === 'ignore') {
    return { outcome: 'ignored', detail: order.reason, orderId: null, externalId: order.externalId };
  }
  if (order.kind === 'reject') {
    return { outcome: 'rejected', detail: order.reason, orderId: null, externalId: order.externalId };
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
  if (order.kind === 'cancel') return cancelChannelOrder(deps, channel, order);

  const { policy } = await channelConsentPolicy(deps, channel);
  const made = toChannelIntake(channel, order, policy);
  if ('rejected' in made) {
    return { outcome: 'rejected', detail: made.rejected, orderId: null, externalId: order.externalId };
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await upsert(deps, channel, made.intake);
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
      await recordNewOrders(deps, tx, [created]);
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
  const version = intake.sourceUpdatedAt ?? null;
  if (isStaleStatement(existing.sourceUpdatedAt, version)) return staleResult(existing.sourceUpdatedAt, version, refs);
  // Under the order's row lock: the version check, the content and the consent move together, so
  // two deliveries racing cannot leave the older one's content behind the newer one's version.
  const step = await db.transaction().execute(async (tx) => {
    const locked = await lockOrder(tx, existing.id);
    if (!locked) return { kind: 'gone' as const };
    if (isStaleStatement(locked.sourceUpdatedAt, version))
      return { kind: 'stale' as const, applied: locked.sourceUpdatedAt };
    await claimOrderSourceVersion(tx, existing.id, version);
    if (intake.customer.whatsappOptIn !== null) {
      await recordWhatsappConsent(tx, locked.customerId, intake.customer.whatsappOptIn, clock.now());
    }
    const [changed] = await findChangedUnshippedOrders(tx, [{ existing: locked, incoming: intake }]);
    const ids = changed
      ? await updateUnshippedIntakeOrders(tx, [{ orderId: existing.id, incoming: intake }], {
          now: clock.now(),
          description: `Updated from ${label}`,
        })
      : [];
    return { kind: 'applied' as const, updated: ids.length > 0 };
  });
  if (step.kind === 'gone') return { outcome: 'ignored', detail: 'the order was removed meanwhile', ...refs };
  if (step.kind === 'stale') return staleResult(step.applied, version, refs);
  const updated = step.updated;
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

/** A cancel the body itself states (Shopify cancelled_at, WooCommerce's status), if it is the newest statement. */
async function cancelChannelOrder(
  deps: AppDeps,
  channel: Channel,
  order: Extract<ChannelOrder, { kind: 'cancel' }>,
): Promise<ChannelApplyResult> {
  const { externalId, reason, version } = order;
  const label = CHANNEL_LABEL[channel];
  const found = (await findOrdersByExternalIds(deps.db, channel, [externalId])).get(externalId);
  if (!found)
    return { outcome: 'ignored', detail: `${reason}; the order was never imported`, orderId: null, externalId };
  const refs = { orderId: found.id, externalId };
  if (isStaleStatement(found.sourceUpdatedAt, version)) return staleResult(found.sourceUpdatedAt, version, refs);
  // Compare-and-set: a newer statement that landed meanwhile makes this one stale.
  if (!(await claimOrderSourceVersion(deps.db, found.id, version))) {
    return staleResult(found.sourceUpdatedAt, version, refs);
  }
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
