import type { OrderStatus, ShipmentDirection, ShipmentStatus } from '@app/shipping';
import { sql } from 'kysely';
import type { CustomerLanguage, HistorySource } from '../schema';
import type { DbExecutor } from './db-executor';
import { compiledOnce } from './compiled-once';
import type { CustomerHistoryRecord } from './history.repository';
import { toNdrEventRecord, toNdrResponseRecord, type NdrEventRecord, type NdrResponseRecord } from './ndr.repository';
import { toOrderRecord, type OrderRecord } from './order.repository';

/** The parts of the order's booked forward shipment that the customer sees. */
export interface TrackingShipmentRecord {
  awb: string | null;
  courierName: string | null;
  trackingUrl: string | null;
  status: ShipmentStatus | null;
  lastEventAt: Date | null;
  /** The day promised at booking (yyyy-mm-dd). */
  promisedBy: string | null;
}

/** Everything the tracking page needs besides the history, found by the order number. */
export interface TrackingSubject {
  order: OrderRecord;
  shipment: TrackingShipmentRecord | null;
  /** The order's latest NDR event and the customer's answer to it, when there was one. */
  ndr: { event: NdrEventRecord; response: NdrResponseRecord | null } | null;
}

/** The order (by upper(order_number)), its booked forward shipment and its latest NDR note with any answer. */
const subjectSelect = (db: DbExecutor, wanted: string) =>
  db
    .selectFrom('orders')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('shipments')
          .select([
            'shipments.id as s_id',
            'shipments.awb as s_awb',
            'shipments.courier_name as s_courier_name',
            'shipments.tracking_url as s_tracking_url',
            'shipments.status as s_status',
            'shipments.last_event_at as s_last_event_at',
            'shipments.promised_by as s_promised_by',
          ])
          .whereRef('shipments.order_id', '=', 'orders.id')
          .where('shipments.direction', '=', 'forward')
          .where('shipments.booking_state', '=', 'booked')
          .orderBy('shipments.id', 'desc')
          .limit(1)
          .as('s'),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('order_notes')
          .select([
            'order_notes.id as n_id',
            'order_notes.ndr_code as n_code',
            'order_notes.ndr_date as n_date',
            'order_notes.created_at as n_created_at',
          ])
          .whereRef('order_notes.order_id', '=', 'orders.id')
          .where('order_notes.kind', '=', 'ndr')
          .orderBy('order_notes.created_at', 'desc')
          .orderBy('order_notes.id', 'desc')
          .limit(1)
          .as('n'),
      (join) => join.onTrue(),
    )
    .leftJoin('ndr_responses as r', 'r.ndr_note_id', 'n.n_id')
    .select([
      's.s_awb',
      's.s_courier_name',
      's.s_tracking_url',
      's.s_status',
      's.s_last_event_at',
      's.s_promised_by',
      's.s_id',
      'n.n_id',
      'n.n_code',
      'n.n_date',
      'n.n_created_at',
      'r.id as r_id',
      'r.action as r_action',
      'r.preferred_date as r_preferred_date',
      'r.landmark as r_landmark',
      'r.address_line as r_address_line',
      'r.alternate_phone as r_alternate_phone',
      'r.message as r_message',
      'r.channel as r_channel',
      'r.created_at as r_created_at',
    ])
    .where(sql`upper(orders.order_number)`, '=', wanted)
    .orderBy('orders.id')
    .limit(1);

/** Compiled once: the tracking page is the product's hottest read. */
const trackingSubjectQuery = compiledOnce((db: DbExecutor, wanted: string) =>
  subjectSelect(db, wanted).selectAll('orders'),
);

/** The newest entries a customer's page shows at most. */
const CUSTOMER_HISTORY_LIMIT = 100;

/** One history entry as the statement below hands it over (CustomerHistoryRecord's fields, in order). */
type HistoryTuple = [
  id: string,
  shipmentId: string | null,
  direction: ShipmentDirection | null,
  orderStatus: OrderStatus | null,
  shipmentStatus: ShipmentStatus | null,
  carrierStatus: string | null,
  location: string | null,
  scanText: string | null,
  occurredAt: string | null,
  recordedAt: string,
  source: HistorySource,
];

/**
 * What a customer may see of an order's history, newest first, as one JSON array (a correlated
 * subquery on the outer `orders` row, by status_history_order_idx): milestones that applied, courier
 * scans and failed attempts; not our repeated or late pushes, not the conversation before booking
 * (COD confirmation answers: the admin's record), and no entry's description but a scan's (the
 * courier's own words; an admin's reason or a cancel note never leaves the database here).
 */
const customerHistoryJson = sql<HistoryTuple[] | null>`(
  select json_agg(json_build_array(h.id::text, h.shipment_id::text, h.direction, h.order_status, h.shipment_status,
      h.carrier_status, h.location, h.scan_text, h.occurred_at, h.recorded_at, h.source)
    order by h.recorded_at desc, h.id desc)
  from (
    select h.id, h.shipment_id, hs.direction, h.order_status, h.shipment_status, h.carrier_status, h.location,
      case when h.source = 'track' then h.description end as scan_text, h.occurred_at, h.recorded_at, h.source
    from status_history h
    left join shipments hs on hs.id = h.shipment_id
    where h.order_id = orders.id
      and h.source <> 'customer'
      and (h.applied or h.source = 'track' or h.carrier_status like 'NDR:%')
    order by h.recorded_at desc, h.id desc
    limit ${sql.lit(CUSTOMER_HISTORY_LIMIT)}
  ) h)`;

/** The subject, the customer's language and the history they may see: the whole customer view in one statement. */
const trackingReadQuery = compiledOnce(
  (db: DbExecutor, wanted: string) =>
    subjectSelect(db, wanted)
      // Only the order's columns the view shows or decides by (a row of 45 columns cost more to parse than to find).
      .select([
        'orders.id',
        'orders.order_number',
        'orders.customer_id',
        'orders.status',
        'orders.payment_method',
        'orders.placed_at',
        'orders.contact_phone',
        'orders.ship_name',
        'orders.ship_city',
        'orders.ship_state',
        'orders.ship_pincode',
      ])
      .innerJoin('customers as c', 'c.id', 'orders.customer_id')
      .select(['c.language as c_language', customerHistoryJson.as('history')]),
  // By a unique key: the same plan for every order number, so it is planned once per connection.
  { prepare: true },
);

/** The shipment's and NDR's columns both statements read (every other column differs between them). */
type PartsRow = Omit<Awaited<ReturnType<typeof trackingReadQuery>>[number], 'c_language' | 'history'>;

/** An order number as the lookups compare it, or null when no order can have it. */
function wantedNumber(orderNumber: string): string | null {
  const wanted = orderNumber.trim().toUpperCase();
  // No order number holds a NUL, and PostgreSQL refuses one in a text parameter.
  return wanted === '' || wanted.includes('\u0000') ? null : wanted;
}

/**
 * One statement, by index: the order (order number matched without regard to case), its booked
 * forward shipment and its latest NDR event with any answer (what an NDR answer is checked against).
 */
export async function findTrackingSubject(db: DbExecutor, orderNumber: string): Promise<TrackingSubject | undefined> {
  const wanted = wantedNumber(orderNumber);
  if (wanted === null) return undefined;
  const [row] = await trackingSubjectQuery(db, wanted);
  if (!row) return undefined;
  const order = toOrderRecord(row);
  return { order, ...partsOf(row, order.id) };
}

/** The order as its customer's view reads it: what is shown (masked later) and what decides it. */
export type TrackingViewOrder = Pick<
  OrderRecord,
  'id' | 'orderNumber' | 'customerId' | 'status' | 'paymentMethod' | 'placedAt' | 'contactPhone'
> & { shippingAddress: Pick<OrderRecord['shippingAddress'], 'name' | 'city' | 'state' | 'pincode'> };

/** Everything a customer's view of an order is built from: the subject, their language, the history they may see. */
export interface TrackingRead extends Omit<TrackingSubject, 'order'> {
  order: TrackingViewOrder;
  /** The customer's own language, for a view that asks for none. */
  customerLanguage: CustomerLanguage;
  /** Newest first, at most the newest 100 (see customerHistoryJson for what is left out). */
  history: CustomerHistoryRecord[];
}

/**
 * The whole customer view in ONE statement (`tracking.get` and the tracking page read this and
 * nothing else): findTrackingSubject's row, the customer's language, and the history as one JSON
 * array. One snapshot, so a view and the validator computed from it always agree.
 */
export async function findTrackingRead(db: DbExecutor, orderNumber: string): Promise<TrackingRead | undefined> {
  const wanted = wantedNumber(orderNumber);
  if (wanted === null) return undefined;
  const [row] = await trackingReadQuery(db, wanted);
  if (!row) return undefined;
  return {
    order: {
      id: row.id,
      orderNumber: row.order_number,
      customerId: row.customer_id,
      status: row.status,
      paymentMethod: row.payment_method,
      placedAt: row.placed_at,
      contactPhone: row.contact_phone,
      shippingAddress: { name: row.ship_name, city: row.ship_city, state: row.ship_state, pincode: row.ship_pincode },
    },
    ...partsOf(row, row.id),
    customerLanguage: row.c_language,
    history: (row.history ?? []).map((h) => ({
      id: h[0],
      shipmentId: h[1],
      shipmentDirection: h[2],
      orderStatus: h[3],
      shipmentStatus: h[4],
      carrierStatus: h[5],
      location: h[6],
      scanText: h[7],
      occurredAt: h[8] === null ? null : new Date(h[8]),
      recordedAt: new Date(h[9]),
      source: h[10],
    })),
  };
}

function partsOf(row: PartsRow, orderId: string): Omit<TrackingSubject, 'order'> {
  const event: NdrEventRecord | null =
    row.n_id != null && row.n_created_at != null
      ? toNdrEventRecord({
          id: row.n_id,
          order_id: orderId,
          ndr_code: row.n_code,
          ndr_date: row.n_date,
          created_at: row.n_created_at,
        })
      : null;
  const response: NdrResponseRecord | null =
    event && row.r_id != null && row.r_action != null && row.r_channel != null && row.r_created_at != null
      ? toNdrResponseRecord({
          id: row.r_id,
          order_id: orderId,
          ndr_note_id: event.noteId,
          action: row.r_action,
          preferred_date: row.r_preferred_date,
          landmark: row.r_landmark,
          address_line: row.r_address_line,
          alternate_phone: row.r_alternate_phone,
          message: row.r_message,
          channel: row.r_channel,
          created_at: row.r_created_at,
        })
      : null;
  return {
    shipment:
      row.s_id != null
        ? {
            awb: row.s_awb,
            courierName: row.s_courier_name,
            trackingUrl: row.s_tracking_url,
            status: row.s_status,
            lastEventAt: row.s_last_event_at,
            promisedBy: row.s_promised_by ?? null,
          }
        : null,
    ndr: event ? { event, response } : null,
  };
}
