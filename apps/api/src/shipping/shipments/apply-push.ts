import {
  claimInboxEntry,
  flagOrderAttention,
  hasSettledDuplicate,
  insertHistory,
  insertNote,
  lockShipmentByRef,
  markInboxFailed,
  recordInboxOutcome,
  setShipmentAwb,
  setWeightDiscrepancy,
  WAITING_OUTCOMES,
  type DB,
  type InboxOutcome,
  type InboxRecord,
  type ShipmentRecord,
  type Transaction,
} from '@app/db';
import { describeNdr } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { parseICarryPush, parseICarryWebhookBody, readStoredPushEvent, type ICarryPushEvent } from '@app/shipping';
import { JOBS } from '../../platform/core/job-queue';
import { recordShipmentMilestone } from '../../outbox/events/record-event';
import { askCustomerAboutNdr } from '../../customer/ndr/ask-customer-about-ndr';
import { enqueueNdrAlert } from '../../outbox/notifications/notification.service';
import { advanceOrder, applyCarrierStatus } from './carrier-status';
import { settleBooked } from './settle-booking';

type StatusEvent = Extract<ICarryPushEvent, { kind: 'status' }>;
type NdrEvent = Extract<ICarryPushEvent, { kind: 'ndr' }>;
type WeightEvent = Extract<ICarryPushEvent, { kind: 'weight' }>;

type ApplyResult = PushApplication;

function validDate(text: string | null | undefined): Date | null {
  const date = text ? new Date(text) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

const refsOf = (shipment: ShipmentRecord) => ({ orderId: shipment.orderId, shipmentId: shipment.id });

async function applyStatusPush(
  deps: AppDeps,
  tx: Transaction<DB>,
  inboxId: string,
  dedupeKey: string | null,
  push: StatusEvent,
): Promise<ApplyResult> {
  let shipment = await lockShipmentByRef(tx, {
    providerShipmentId: push.shipmentId,
    awb: push.awb,
    clientRef: push.clientOrderId,
  });
  if (!shipment) {
    return {
      outcome: 'deferred',
      detail: 'no shipment with this shipment_id/awb yet; kept until it appears',
      orderId: null,
      shipmentId: null,
    };
  }
  const refs = refsOf(shipment);
  if (shipment.bookingState === 'booking') {
    return { outcome: 'deferred', detail: 'the booking response has not arrived yet', ...refs };
  }
  if (shipment.bookingState === 'unknown') {
    if (!push.shipmentId) {
      return { outcome: 'deferred', detail: 'booking outcome unknown and the push has no shipment_id', ...refs };
    }
    // iCarry is telling us the booking we could not confirm exists: adopt it.
    const settled = await settleBooked(
      deps,
      tx,
      shipment.id,
      {
        providerShipmentId: push.shipmentId,
        awb: push.awb ?? null,
        courierId: null,
        courierName: null,
        trackingUrl: null,
        costPaise: null,
      },
      'webhook',
    );
    if (!settled.settled) return { outcome: 'stale', detail: `shipment is ${settled.bookingState}`, ...refs };
    deps.logger.info({ shipmentId: shipment.id }, '[WEBHOOK] push confirmed a booking whose outcome was unknown');
    shipment = settled.shipment;
  }
  if (shipment.bookingState !== 'booked') {
    return { outcome: 'stale', detail: `shipment is ${shipment.bookingState}; push recorded only`, ...refs };
  }
  if (!shipment.awb && push.awb) {
    const now = deps.clock.now();
    await setShipmentAwb(tx, shipment.id, push.awb, now);
    await insertHistory(tx, {
      orderId: shipment.orderId,
      shipmentId: shipment.id,
      source: 'webhook',
      applied: true,
      recordedAt: now,
      description: `Tracking number ${push.awb} assigned`,
      inboxId,
    });
    shipment = { ...shipment, awb: push.awb };
    // A shipment saved without a courier left the order in Processing; now it has left. (A return
    // pickup never moves the order.)
    if (shipment.status === null && shipment.direction === 'forward') {
      await advanceOrder(deps, tx, {
        orderId: shipment.orderId,
        to: 'shipped',
        shipmentId: shipment.id,
        source: 'webhook',
        description: `Shipped, tracking number ${push.awb}`,
        inboxId,
      });
    }
  }
  const outcome = await applyCarrierStatus(deps, tx, shipment, {
    source: 'webhook',
    carrierCode: push.statusCode,
    inboxId,
  });
  // Only a push that changed nothing can be a repeat of one already acted on: ask only then.
  const seen = outcome !== 'applied' && dedupeKey ? await hasSettledDuplicate(tx, dedupeKey, inboxId) : false;
  if (outcome === 'applied') {
    await deps.queue.send(
      tx,
      JOBS.trackShipment,
      { shipmentId: shipment.id },
      { singletonKey: `track:${shipment.id}`, startAfter: 5 },
    );
  }
  return { outcome: seen && outcome !== 'applied' ? 'duplicate' : outcome, detail: null, ...refs };
}

async function applyNdrPush(deps: AppDeps, tx: Transaction<DB>, inboxId: string, push: NdrEvent): Promise<ApplyResult> {
  let missing = 0;
  let first: ShipmentRecord | undefined;
  for (const entry of push.entries) {
    const shipment = await lockShipmentByRef(tx, { providerShipmentId: entry.shipmentId, awb: entry.awb });
    if (!shipment) {
      missing++;
      continue;
    }
    first ??= shipment;
    const ndr = describeNdr(entry.reasonCode);
    const eventKey = `${shipment.id}:${ndr.code}:${entry.reportedOn ?? entry.reportedOnText ?? ''}`;
    const now = deps.clock.now();
    const note = await insertNote(tx, {
      orderId: shipment.orderId,
      kind: 'ndr',
      body: `Delivery failed: ${ndr.adminText} (${ndr.code}${entry.reportedOnText ? `, ${entry.reportedOnText}` : ''})`,
      ndrCode: ndr.code,
      ndrDate: entry.reportedOn,
      dedupeKey: `ndr:${eventKey}`,
      now,
    });
    if (!note) continue;
    const order = await flagOrderAttention(tx, shipment.orderId, { kind: 'ndr', reason: `NDR: ${ndr.adminText}`, now });
    await insertHistory(tx, {
      orderId: shipment.orderId,
      shipmentId: shipment.id,
      source: 'webhook',
      applied: false,
      carrierStatus: `NDR:${ndr.code}`,
      description: `Delivery attempt failed: ${ndr.customerText}`,
      recordedAt: now,
      inboxId,
    });
    await enqueueNdrAlert(deps, tx, {
      orderId: shipment.orderId,
      orderNumber: order?.orderNumber ?? '',
      awb: shipment.awb,
      courierName: shipment.courierName,
      code: ndr.code,
      date: entry.reportedOnText,
      eventKey,
    });
    await recordShipmentMilestone(deps, tx, {
      milestone: 'ndr',
      orderId: shipment.orderId,
      shipmentId: shipment.id,
      occurredAt: validDate(entry.reportedOn),
      eventKey,
      ndr: { code: ndr.code, reason: ndr.customerText },
    });
    // The customer is asked too, when the reason leaves them something to answer (issue 16).
    await askCustomerAboutNdr(deps, tx, shipment.orderId, note);
    deps.logger.info({ orderId: shipment.orderId, code: ndr.code }, '[WEBHOOK] NDR recorded; admin alerted');
  }
  const refs = { orderId: first?.orderId ?? null, shipmentId: first?.id ?? null };
  if (missing > 0) {
    return {
      outcome: 'deferred',
      detail: `${missing} of ${push.entries.length} NDR entries name a shipment we do not know yet`,
      ...refs,
    };
  }
  return { outcome: 'applied', detail: null, ...refs };
}

async function applyWeightPush(deps: AppDeps, tx: Transaction<DB>, push: WeightEvent): Promise<ApplyResult> {
  const shipment = await lockShipmentByRef(tx, { providerShipmentId: push.shipmentId, awb: push.awb });
  if (!shipment) {
    return {
      outcome: 'deferred',
      detail: 'no shipment with this shipment_id/awb yet',
      orderId: null,
      shipmentId: null,
    };
  }
  const now = deps.clock.now();
  const discrepancy = {
    oldWeightGrams: push.oldWeightGrams ?? shipment.weightGrams,
    newWeightGrams: push.newWeightGrams,
    oldDimensions: push.oldDimensions ?? null,
    newDimensions: push.newDimensions ?? null,
    reportedAt: now.toISOString(),
  };
  await setWeightDiscrepancy(tx, shipment.id, discrepancy, now);
  await insertNote(tx, {
    orderId: shipment.orderId,
    kind: 'weight',
    body: `Courier weighed the parcel at ${push.newWeightGrams} g (we declared ${discrepancy.oldWeightGrams} g${push.newDimensions ? `; dimensions ${push.newDimensions} cm` : ''}). Dispute it in the iCarry panel if it is wrong.`,
    dedupeKey: `weight:${shipment.id}:${push.newWeightGrams}:${push.newDimensions ?? ''}`,
    now,
  });
  return { outcome: 'applied', detail: null, ...refsOf(shipment) };
}

/**
 * The event a stored push carries. A push is stored as it arrived (its raw body, the token
 * redacted) and read here again, with the parsers the webhook route accepted it with (so the
 * push is not stored a second time as its parsed event). Rows stored before that hold the
 * normalised event in `payload`, and older rows iCarry's own fields (the one parser again).
 */
export function readInboxEvent(
  entry: Pick<InboxRecord, 'payload' | 'rawBody' | 'contentType'>,
): { ok: true; event: ICarryPushEvent } | { ok: false; reason: string } {
  if (entry.payload === null || entry.payload === undefined) {
    const body = parseICarryWebhookBody(entry.rawBody, entry.contentType);
    if (!body.ok) return { ok: false, reason: body.reason };
    const parsed = parseICarryPush(body.body);
    return parsed.ok ? parsed : { ok: false, reason: parsed.reason };
  }
  const event = readStoredPushEvent(entry.payload);
  if (event) return { ok: true, event };
  const parsed = parseICarryPush(entry.payload);
  return parsed.ok ? parsed : { ok: false, reason: parsed.reason };
}

export interface PushApplication {
  outcome: InboxOutcome;
  detail: string | null;
  orderId: string | null;
  shipmentId: string | null;
}

/** Applies one push event inside the caller's transaction (the inbox row `inboxId` is already written). */
export async function applyPushEvent(
  deps: AppDeps,
  tx: Transaction<DB>,
  inboxId: string,
  dedupeKey: string | null,
  push: ICarryPushEvent,
): Promise<PushApplication> {
  return push.kind === 'status'
    ? applyStatusPush(deps, tx, inboxId, dedupeKey, push)
    : push.kind === 'ndr'
      ? applyNdrPush(deps, tx, inboxId, push)
      : applyWeightPush(deps, tx, push);
}

/**
 * Applies one stored push again (the sweepers, an admin's re-apply, pushes that waited for their
 * shipment). Safe to call again and from several instances: the inbox row is claimed with SKIP
 * LOCKED, and every effect is keyed (history rank, note and message keys).
 */
export async function applyInboxEntry(deps: AppDeps, inboxId: string): Promise<InboxOutcome | null> {
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const entry = await claimInboxEntry(tx, inboxId);
      if (!entry) return null;
      if (!(WAITING_OUTCOMES as readonly InboxOutcome[]).includes(entry.outcome)) return entry.outcome;
      return applyClaimedEntry(deps, tx, entry);
    });
  } catch (err) {
    deps.logger.error({ err, inboxId }, '[WEBHOOK] applying a stored push failed; it will be retried');
    await markInboxFailed(deps.db, inboxId, err instanceof Error ? err.message : JSON.stringify(err));
    return 'failed';
  }
}

/**
 * Applies one stored push its caller has claimed (locked) in `tx`, and records the outcome on its
 * row in the same transaction: the push and the fact that it was applied commit together.
 */
export async function applyClaimedEntry(deps: AppDeps, tx: Transaction<DB>, entry: InboxRecord): Promise<InboxOutcome> {
  const read = readInboxEvent(entry);
  const now = deps.clock.now();
  if (!read.ok) {
    await recordInboxOutcome(tx, entry.id, {
      outcome: 'rejected',
      detail: read.reason,
      attempts: entry.attempts,
      processedAt: now,
    });
    return 'rejected';
  }
  const result = await applyPushEvent(deps, tx, entry.id, entry.dedupeKey, read.event);
  await recordInboxOutcome(tx, entry.id, {
    outcome: result.outcome,
    detail: result.detail,
    orderId: result.orderId,
    shipmentId: result.shipmentId,
    attempts: entry.attempts + 1,
    processedAt: result.outcome === 'deferred' ? null : now,
  });
  return result.outcome;
}
