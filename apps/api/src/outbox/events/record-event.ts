import { randomBytes } from 'node:crypto';
import {
  findEventContext,
  insertChannelWriteback,
  insertOutboundEvents,
  listEnabledEventEndpoints,
  type DB,
  type EventContext,
  type EventEndpointRecord,
  type EventType,
  type NewOutboundEvent,
  type OrderSource,
  type Transaction,
  type WritebackKind,
} from '@app/db';
import type { OrderStatus } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { JOBS } from '../../platform/core/job-queue';
import { trackingLink } from '../../platform/security/tokens';

/**
 * The one place a state change turns into work for the outside world: outbound events to the
 * store's endpoints and tracking written back to the order's channel. Called inside the change's
 * transaction (outbox), so the event and its jobs exist if and only if the change commits.
 */

/** A shipment milestone as the lifecycle sees it; `in_transit` has no event type but Shopify shows it. */
export type ShipmentMilestone =
  | 'booked'
  | 'picked_up'
  | 'in_transit'
  | 'out_for_delivery'
  | 'ndr'
  | 'delivered'
  | 'rto_initiated'
  | 'rto_delivered'
  | 'cancelled';

const EVENT_FOR: Record<ShipmentMilestone, EventType | null> = {
  booked: 'shipment.booked',
  picked_up: 'shipment.picked_up',
  in_transit: null,
  out_for_delivery: 'shipment.out_for_delivery',
  ndr: 'shipment.ndr',
  delivered: 'shipment.delivered',
  rto_initiated: 'shipment.rto_initiated',
  rto_delivered: 'shipment.rto_delivered',
  cancelled: 'shipment.cancelled',
};

/** Shopify's FulfillmentEventStatus for each later milestone (the booking itself is the fulfillment). */
const SHOPIFY_EVENT_STATUS: Partial<Record<ShipmentMilestone, string>> = {
  picked_up: 'CARRIER_PICKED_UP',
  in_transit: 'IN_TRANSIT',
  out_for_delivery: 'OUT_FOR_DELIVERY',
  ndr: 'ATTEMPTED_DELIVERY',
  delivered: 'DELIVERED',
};

/** A Standard Webhooks message id: unique per event, the same on every attempt (no dots allowed). */
function newMessageId(): string {
  return `msg_${randomBytes(16).toString('base64url')}`;
}

export interface EventData {
  orderId: string;
  orderNumber: string;
  externalId: string | null;
  source: OrderSource;
  status: OrderStatus;
  awb: string | null;
  courier: string | null;
  shipmentStatus: string | null;
  occurredAt: string;
  trackingUrl: string;
  ndr?: { code: string; reason: string } | undefined;
  /** `order.cod_declined`: the customer's answer and how it came. */
  codConfirmation?: { state: 'declined'; via: 'page' | 'whatsapp' } | undefined;
}

function eventBody(type: EventType, data: EventData, now: Date): Record<string, unknown> {
  return { type, timestamp: now.toISOString(), data };
}

/** Whether events are recorded at all: while any endpoint is enabled (queueDeliveries' rule). */
export function eventsAreRecorded(endpoints: readonly unknown[]): boolean {
  return endpoints.length > 0;
}

async function queueDeliveries(
  deps: AppDeps,
  tx: Transaction<DB>,
  events: NewOutboundEvent[],
  known?: readonly Pick<EventEndpointRecord, 'id' | 'eventTypes'>[],
): Promise<void> {
  const endpoints = known ?? (await listEnabledEventEndpoints(tx));
  if (!eventsAreRecorded(endpoints)) return;
  const deliveryIds = await insertOutboundEvents(tx, events, endpoints, deps.clock.now());
  for (const deliveryId of deliveryIds) {
    await deps.queue.send(tx, JOBS.deliverEvent, { deliveryId }, { singletonKey: `event-delivery:${deliveryId}` });
  }
}

function dataFor(deps: AppDeps, context: EventContext, occurredAt: Date): EventData {
  return {
    orderId: context.orderId,
    orderNumber: context.orderNumber,
    externalId: context.externalId,
    source: context.source,
    status: context.orderStatus,
    awb: context.shipment?.awb ?? null,
    courier: context.shipment?.courierName ?? null,
    shipmentStatus: context.shipment?.status ?? null,
    occurredAt: occurredAt.toISOString(),
    trackingUrl: trackingLink(deps.config.publicUrl, deps.secrets.appSecret, context.orderNumber),
  };
}

async function queueWriteback(
  deps: AppDeps,
  tx: Transaction<DB>,
  context: EventContext,
  input: { kind: WritebackKind; eventStatus: string | null; key: string },
): Promise<void> {
  if (context.source !== 'shopify' && context.source !== 'woocommerce') return;
  const channel = context.source;
  const configured =
    channel === 'shopify' ? deps.config.channels.shopify?.admin : deps.config.channels.woocommerce?.keys;
  if (!configured) return;
  const writebackId = await insertChannelWriteback(tx, {
    channel,
    orderId: context.orderId,
    shipmentId: context.shipment?.id ?? null,
    kind: input.kind,
    eventStatus: input.eventStatus,
    dedupeKey: `${channel}:${input.kind}:${input.key}`,
    now: deps.clock.now(),
  });
  if (writebackId) {
    await deps.queue.send(tx, JOBS.channelWriteback, { writebackId }, { singletonKey: `writeback:${writebackId}` });
  }
}

/**
 * Records a shipment milestone: the outbound event (once per order, shipment and milestone; an
 * NDR once per `eventKey`) and the channel write-back it calls for. Duplicates are no-ops.
 */
export async function recordShipmentMilestone(
  deps: AppDeps,
  tx: Transaction<DB>,
  input: {
    milestone: ShipmentMilestone;
    orderId: string;
    shipmentId: string | null;
    occurredAt?: Date | null | undefined;
    /** NDRs happen more than once: each gets its own key (shipment, code, date). */
    eventKey?: string | undefined;
    ndr?: { code: string; reason: string } | undefined;
    /** The order's source when the caller already has it: lets an order no one listens for cost one query. */
    source?: OrderSource | undefined;
  },
): Promise<void> {
  const type = EVENT_FOR[input.milestone];
  const endpoints = type ? await listEnabledEventEndpoints(tx) : [];
  const { shopify, woocommerce } = deps.config.channels;
  const channelMayWrite =
    (Boolean(shopify?.admin) && (input.source === undefined || input.source === 'shopify')) ||
    (Boolean(woocommerce?.keys) && (input.source === undefined || input.source === 'woocommerce'));
  if (endpoints.length === 0 && !channelMayWrite) return;
  const context = await findEventContext(tx, input.orderId, input.shipmentId);
  if (!context) return;
  await queueMilestones(deps, tx, [{ ...input, context }], endpoints);
}

/**
 * recordShipmentMilestone for a batch whose contexts the caller knows (the push applier decides
 * the order's and shipment's state in memory): one read of the endpoints, one write of the events.
 */
export async function recordShipmentMilestones(
  deps: AppDeps,
  tx: Transaction<DB>,
  milestones: readonly MilestoneInContext[],
): Promise<void> {
  if (milestones.length === 0) return;
  const endpoints = milestones.some((m) => EVENT_FOR[m.milestone]) ? await listEnabledEventEndpoints(tx) : [];
  const { shopify, woocommerce } = deps.config.channels;
  const channelMayWrite = (m: MilestoneInContext) =>
    (Boolean(shopify?.admin) && m.context.source === 'shopify') ||
    (Boolean(woocommerce?.keys) && m.context.source === 'woocommerce');
  const worth = milestones.filter((m) => (EVENT_FOR[m.milestone] && endpoints.length > 0) || channelMayWrite(m));
  await queueMilestones(deps, tx, worth, endpoints);
}

export interface MilestoneInContext {
  milestone: ShipmentMilestone;
  /** The order and shipment as they stand right after the change. */
  context: EventContext;
  occurredAt?: Date | null | undefined;
  eventKey?: string | undefined;
  ndr?: { code: string; reason: string } | undefined;
}

async function queueMilestones(
  deps: AppDeps,
  tx: Transaction<DB>,
  milestones: readonly MilestoneInContext[],
  endpoints: Awaited<ReturnType<typeof listEnabledEventEndpoints>>,
): Promise<void> {
  const now = deps.clock.now();
  const events: NewOutboundEvent[] = [];
  const writebacks: { context: EventContext; kind: WritebackKind; eventStatus: string | null; key: string }[] = [];
  for (const input of milestones) {
    const { context } = input;
    const type = EVENT_FOR[input.milestone];
    const occurredAt = input.occurredAt ?? now;
    const key = `${input.milestone}:${context.orderId}:${context.shipment?.id ?? '-'}${input.eventKey ? `:${input.eventKey}` : ''}`;
    if (type && endpoints.length > 0) {
      const data = { ...dataFor(deps, context, occurredAt), ...(input.ndr ? { ndr: input.ndr } : {}) };
      events.push({
        msgId: newMessageId(),
        type,
        orderId: context.orderId,
        dedupeKey: key,
        payload: eventBody(type, data, now),
        occurredAt,
      });
    }
    if (context.source === 'shopify') {
      if (input.milestone === 'booked') writebacks.push({ context, kind: 'fulfillment', eventStatus: null, key });
      const status = SHOPIFY_EVENT_STATUS[input.milestone];
      if (status) writebacks.push({ context, kind: 'fulfillment_event', eventStatus: status, key });
    } else if (context.source === 'woocommerce') {
      if (input.milestone === 'booked') writebacks.push({ context, kind: 'note', eventStatus: null, key });
      if (input.milestone === 'delivered') writebacks.push({ context, kind: 'complete', eventStatus: null, key });
    }
  }
  if (events.length > 0) await queueDeliveries(deps, tx, events, endpoints);
  for (const { context, ...writeback } of writebacks) await queueWriteback(deps, tx, context, writeback);
}

export interface CreatedOrder {
  orderId: string;
  orderNumber: string;
  externalId: string | null;
  source: OrderSource;
  status: OrderStatus;
  placedAt: Date;
}

/**
 * `order.created` for orders just inserted (API, CSV, channels), in their transaction. With no
 * endpoint subscribed this is one query, so a 10,000-row import pays next to nothing.
 */
export async function recordOrdersCreated(
  deps: AppDeps,
  tx: Transaction<DB>,
  orders: readonly CreatedOrder[],
  /** The enabled endpoints when the caller read them already (the Orders API: with its claim, openApiWrite's newOrder). */
  knownEndpoints?: readonly Pick<EventEndpointRecord, 'id' | 'eventTypes'>[],
): Promise<void> {
  if (orders.length === 0) return;
  const now = deps.clock.now();
  const events = orders.map((order): NewOutboundEvent => {
    const data: EventData = {
      orderId: order.orderId,
      orderNumber: order.orderNumber,
      externalId: order.externalId,
      source: order.source,
      status: order.status,
      awb: null,
      courier: null,
      shipmentStatus: null,
      occurredAt: order.placedAt.toISOString(),
      trackingUrl: trackingLink(deps.config.publicUrl, deps.secrets.appSecret, order.orderNumber),
    };
    return {
      msgId: newMessageId(),
      type: 'order.created',
      orderId: order.orderId,
      dedupeKey: `created:${order.orderId}`,
      payload: eventBody('order.created', data, now),
      occurredAt: order.placedAt,
    };
  });
  await queueDeliveries(deps, tx, events, knownEndpoints);
}

/**
 * The customer declined a COD order before it shipped (issue 24): `order.cod_declined` to the
 * store's endpoints and a note on the Shopify or WooCommerce order, once per order, in the
 * transaction that records the answer.
 */
export async function recordCodDeclined(
  deps: AppDeps,
  tx: Transaction<DB>,
  input: { orderId: string; via: 'page' | 'whatsapp'; source?: OrderSource | undefined },
): Promise<void> {
  const endpoints = await listEnabledEventEndpoints(tx);
  const { shopify, woocommerce } = deps.config.channels;
  const channelMayWrite =
    (Boolean(shopify?.admin) && (input.source === undefined || input.source === 'shopify')) ||
    (Boolean(woocommerce?.keys) && (input.source === undefined || input.source === 'woocommerce'));
  if (endpoints.length === 0 && !channelMayWrite) return;
  const context = await findEventContext(tx, input.orderId, null);
  if (!context) return;
  const now = deps.clock.now();
  const key = `cod_declined:${context.orderId}`;
  if (endpoints.length > 0) {
    const data: EventData = { ...dataFor(deps, context, now), codConfirmation: { state: 'declined', via: input.via } };
    await queueDeliveries(
      deps,
      tx,
      [
        {
          msgId: newMessageId(),
          type: 'order.cod_declined',
          orderId: context.orderId,
          dedupeKey: key,
          payload: eventBody('order.cod_declined', data, now),
          occurredAt: now,
        },
      ],
      endpoints,
    );
  }
  await queueWriteback(deps, tx, context, { kind: 'cod_note', eventStatus: null, key });
}
