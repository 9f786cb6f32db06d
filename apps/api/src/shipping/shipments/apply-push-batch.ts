import {
  applyShipmentEvents,
  findSettledDuplicates,
  insertHistoryEntries,
  lockOrdersForMoves,
  lockShipmentsByRefs,
  recordInboxOutcomes,
  rememberClosedShipments,
  setOrderStatuses,
  type DB,
  type InboxOutcome,
  type InboxRecord,
  type NewHistoryEntry,
  type OrderForMoves,
  type ShipmentRecord,
  type ShipmentRef,
  type Transaction,
} from '@app/db';
import {
  isForwardOrderMove,
  isForwardShipmentMove,
  mapICarryStatus,
  ORDER_STATUS_FOR_SHIPMENT,
  SHIPMENT_STATUS_LABEL,
  type CustomerMilestone,
  type ICarryPushEvent,
  type OrderStatus,
  type ShipmentStatus,
} from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { JOBS } from '../../platform/core/job-queue';
import { recordShipmentMilestones, type MilestoneInContext } from '../../outbox/events/record-event';
import { enqueueCustomerMilestones } from '../../outbox/notifications/notification.service';
import { applyClaimedEntry, readInboxEvent } from './apply-push';
import {
  CLOSING_STATUSES,
  describeReturnStatus,
  describeStaleStatus,
  isMilestone,
  MILESTONE_FOR_SHIPMENT,
} from './carrier-status';

/** The refs a push names shipments by, as lockShipmentByRef takes them. */
function refsOf(event: ICarryPushEvent): ShipmentRef[] {
  if (event.kind === 'status')
    return [{ providerShipmentId: event.shipmentId, awb: event.awb, clientRef: event.clientOrderId }];
  if (event.kind === 'ndr') return event.entries.map((e) => ({ providerShipmentId: e.shipmentId, awb: e.awb }));
  return [{ providerShipmentId: event.shipmentId, awb: event.awb }];
}

/** Picks a ref's shipment from the batch's read with lockShipmentByRef's precedence: iCarry id, then a non-void AWB, then client ref. */
function shipmentFinder(shipments: readonly ShipmentRecord[]) {
  const byProviderId = new Map<string, ShipmentRecord>();
  const byAwb = new Map<string, ShipmentRecord>();
  const byClientRef = new Map<string, ShipmentRecord>();
  const keep = (map: Map<string, ShipmentRecord>, key: string | null, s: ShipmentRecord) => {
    if (key && !map.has(key)) map.set(key, s);
  };
  for (const s of shipments) {
    if (s.provider === 'icarry') keep(byProviderId, s.providerShipmentId, s);
    if (s.bookingState !== 'void') keep(byAwb, s.awb, s);
    keep(byClientRef, s.clientRef, s);
  }
  return (ref: ShipmentRef): ShipmentRecord | undefined =>
    (ref.providerShipmentId ? byProviderId.get(ref.providerShipmentId) : undefined) ??
    (ref.awb ? byAwb.get(ref.awb) : undefined) ??
    (ref.clientRef ? byClientRef.get(ref.clientRef) : undefined);
}

type StatusEvent = Extract<ICarryPushEvent, { kind: 'status' }>;

interface Plan {
  entry: InboxRecord;
  /** A status push the batch applies itself; otherwise the push goes through applyClaimedEntry. */
  push: StatusEvent | null;
  shipment: ShipmentRecord | undefined;
}

/**
 * Applies a claimed batch of stored pushes in `tx`, set-based: one locked read of every shipment
 * the batch names (id order) and of their orders, the status rules decided in memory push by push
 * (arrival order per shipment), then one statement each for the shipments, the orders, the history
 * rows, the customer messages, the events and the inbox outcomes. What the batch does not decide in
 * memory (NDR and weight pushes, a booking still settling or unknown, an AWB to adopt, an unknown
 * status code, a push that cannot be read) goes through applyClaimedEntry after the batch's writes,
 * together with every other push of the same shipments, in arrival order. Returns each push's
 * outcome, in the order given.
 */
export async function applyClaimedBatch(
  deps: AppDeps,
  tx: Transaction<DB>,
  entries: readonly InboxRecord[],
): Promise<InboxOutcome[]> {
  if (entries.length === 0) return [];
  const reads = entries.map((entry) => ({ entry, read: readInboxEvent(entry) }));
  const refs = reads.flatMap(({ read }) => (read.ok ? refsOf(read.event) : []));
  const shipments = await lockShipmentsByRefs(tx, {
    providerShipmentIds: unique(refs.map((r) => r.providerShipmentId)),
    awbs: unique(refs.map((r) => r.awb)),
    clientRefs: unique(refs.map((r) => r.clientRef)),
  });
  const find = shipmentFinder(shipments);

  // Which pushes the batch decides itself; a shipment any other push touches goes the single way.
  const singleWay = new Set<string>();
  const plans: Plan[] = reads.map(({ entry, read }) => {
    if (!read.ok || read.event.kind !== 'status') {
      if (read.ok) for (const ref of refsOf(read.event)) singleWay.add(find(ref)?.id ?? '');
      return { entry, push: null, shipment: undefined };
    }
    const push = read.event;
    const shipment = find(refsOf(push)[0] as ShipmentRef);
    const decidable =
      !shipment ||
      (shipment.bookingState === 'booked' &&
        (Boolean(shipment.awb) || !push.awb) &&
        mapICarryStatus(push.statusCode).kind === 'known');
    if (!decidable && shipment) singleWay.add(shipment.id);
    return { entry, push: decidable ? push : null, shipment };
  });
  for (const plan of plans) if (plan.shipment && singleWay.has(plan.shipment.id)) plan.push = null;

  const batched = plans.filter((p) => p.push);
  // Every order of the batch's shipments, in id order, before any is written: a push applied one
  // by one below then locks no order a second applier could hold while it waits for one of ours.
  const orders = new Map(
    (await lockOrdersForMoves(tx, unique(shipments.map((s) => s.orderId)))).map((o): [string, OrderForMoves] => [
      o.id,
      { ...o },
    ]),
  );
  const now = deps.clock.now();
  const shipmentState = new Map<string, { status: ShipmentStatus | null; code: string | null; moved: boolean }>();
  const orderMoves = new Map<string, OrderStatus>();
  const history: NewHistoryEntry[] = [];
  const milestones: { orderId: string; milestone: CustomerMilestone }[] = [];
  const events: MilestoneInContext[] = [];
  const closing = new Set<string>();
  const tracked = new Set<string>();
  const outcomes = new Map<string, Parameters<typeof recordInboxOutcomes>[1][number]>();

  for (const { entry, push, shipment } of batched) {
    if (!push) continue;
    const result = (outcome: InboxOutcome, detail: string | null = null) =>
      outcomes.set(entry.id, {
        inboxId: entry.id,
        outcome,
        detail,
        orderId: shipment?.orderId ?? null,
        shipmentId: shipment?.id ?? null,
        attempts: entry.attempts + 1,
        processedAt: outcome === 'deferred' ? null : now,
      });
    if (!shipment) {
      result('deferred', 'no shipment with this shipment_id/awb yet; kept until it appears');
      continue;
    }
    const mapping = mapICarryStatus(push.statusCode);
    if (mapping.kind !== 'known') continue; // not decidable: cannot happen (filtered above)
    const state = shipmentState.get(shipment.id) ?? { status: shipment.status, code: null, moved: false };
    shipmentState.set(shipment.id, state);
    const base = {
      orderId: shipment.orderId,
      shipmentId: shipment.id,
      carrierStatus: push.statusCode,
      location: null,
      occurredAt: null,
      recordedAt: now,
      source: 'webhook' as const,
      inboxId: entry.id,
    };
    if (!isForwardShipmentMove(state.status, mapping.status)) {
      history.push({
        ...base,
        shipmentStatus: mapping.status,
        description: describeStaleStatus(mapping.name),
        applied: false,
      });
      result('stale');
      continue;
    }
    state.status = mapping.status;
    state.code = String(mapping.code);
    state.moved = true;
    tracked.add(shipment.id);
    result('applied');
    if (shipment.direction === 'return') {
      history.push({
        ...base,
        shipmentStatus: mapping.status,
        description: describeReturnStatus(mapping.status),
        applied: true,
      });
      continue;
    }
    if (CLOSING_STATUSES.has(mapping.status)) closing.add(shipment.id);
    const order = orders.get(shipment.orderId);
    const to = ORDER_STATUS_FOR_SHIPMENT[mapping.status];
    const moves = order !== undefined && isForwardOrderMove(order.status, to);
    if (order && moves) {
      order.status = to;
      orderMoves.set(order.id, to);
    }
    history.push({
      ...base,
      orderStatus: moves ? to : null,
      shipmentStatus: mapping.status,
      carrierStatus: String(mapping.code),
      description: SHIPMENT_STATUS_LABEL[mapping.status],
      applied: true,
    });
    if (moves && isMilestone(to)) milestones.push({ orderId: shipment.orderId, milestone: to });
    const milestone = MILESTONE_FOR_SHIPMENT[mapping.status];
    if (milestone && order) {
      events.push({
        milestone,
        context: {
          orderId: order.id,
          orderNumber: order.orderNumber,
          externalId: order.externalId,
          source: order.source,
          orderStatus: order.status,
          shipment: {
            id: shipment.id,
            awb: shipment.awb,
            courierName: shipment.courierName,
            status: state.status,
            providerShipmentId: shipment.providerShipmentId,
          },
        },
        occurredAt: null,
      });
    }
  }

  await applyShipmentEvents(
    tx,
    [...shipmentState].map(([shipmentId, s]) => ({
      shipmentId,
      status: s.moved ? s.status : null,
      carrierStatusCode: s.moved ? s.code : null,
    })),
    now,
  );
  await setOrderStatuses(
    tx,
    [...orderMoves].map(([orderId, status]) => ({ orderId, status })),
    now,
  );
  // The store's delivery memory learns from each parcel once, as it closes (issue 25).
  if (closing.size > 0) await rememberClosedShipments(tx, { now, shipmentIds: [...closing], closedAt: now });
  await insertHistoryEntries(tx, history);
  await enqueueCustomerMilestones(deps, tx, milestones);
  await recordShipmentMilestones(deps, tx, events);
  await deps.queue.sendMany(
    tx,
    JOBS.trackShipment,
    [...tracked].map((shipmentId) => ({
      data: { shipmentId },
      options: { singletonKey: `track:${shipmentId}`, startAfter: 5 },
    })),
  );
  // Only a push that changed nothing can be a repeat of one already acted on: ask only for those.
  const stale = [...outcomes.values()].filter((o) => o.outcome === 'stale');
  const keys = new Map(entries.map((e) => [e.id, e.dedupeKey]));
  const repeats = await findSettledDuplicates(
    tx,
    stale.flatMap((o) => {
      const dedupeKey = keys.get(o.inboxId);
      return dedupeKey ? [{ dedupeKey, exceptId: o.inboxId }] : [];
    }),
  );
  for (const o of stale) if (repeats.has(keys.get(o.inboxId) ?? '')) o.outcome = 'duplicate';
  await recordInboxOutcomes(tx, [...outcomes.values()]);

  // The rest, one by one in arrival order, after the batch's own writes.
  const single = new Map<string, InboxOutcome>();
  for (const { entry, push } of plans) if (!push) single.set(entry.id, await applyClaimedEntry(deps, tx, entry));
  return entries.map((e) => single.get(e.id) ?? outcomes.get(e.id)?.outcome ?? 'pending');
}

function unique(values: readonly (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))];
}
