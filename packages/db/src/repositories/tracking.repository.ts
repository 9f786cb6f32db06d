import type { ShipmentStatus } from '@app/shipping';
import { CompiledQuery, sql } from 'kysely';
import type { DbExecutor } from './db-executor';
import { compiledOnce } from './compiled-once';
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

/** Compiled once: the tracking page is the product's hottest read. */
const trackingSubjectQuery = compiledOnce((db: DbExecutor, wanted: string) =>
  db
    .selectFrom('orders')
    .selectAll('orders')
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
    .limit(1),
);

/**
 * One statement, by index: the order (order number matched without regard to case), its booked
 * forward shipment and its latest NDR event with any answer. `tracking.get` reads this and the
 * history, nothing else.
 */
export async function findTrackingSubject(db: DbExecutor, orderNumber: string): Promise<TrackingSubject | undefined> {
  const wanted = orderNumber.trim().toUpperCase();
  // No order number holds a NUL, and PostgreSQL refuses one in a text parameter.
  if (wanted === '' || wanted.includes('\u0000')) return undefined;
  const [row] = await trackingSubjectQuery(db, wanted);
  if (!row) return undefined;
  const order = toOrderRecord(row);
  const event: NdrEventRecord | null =
    row.n_id != null && row.n_created_at != null
      ? toNdrEventRecord({
          id: row.n_id,
          order_id: order.id,
          ndr_code: row.n_code,
          ndr_date: row.n_date,
          created_at: row.n_created_at,
        })
      : null;
  const response: NdrResponseRecord | null =
    event && row.r_id != null && row.r_action != null && row.r_channel != null && row.r_created_at != null
      ? toNdrResponseRecord({
          id: row.r_id,
          order_id: order.id,
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
    order,
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

/**
 * What a customer's view of an order is computed from, as fingerprints: enough to tell "changed"
 * from "unchanged" without building the view (the tracking page's and `tracking.get`'s ETag).
 */
export interface TrackingVersion {
  orderId: string;
  /** The order number as stored (the link's token is signed over it). */
  orderNumber: string;
  /** The customer's own language, when the caller asks for none. */
  customerLanguage: string | null;
  /** md5 of the order row, of its shipments, of its history (ids and `applied`), of its NDR notes and answers. */
  fingerprint: string;
  /** The latest NDR event's time: whether it can still be answered depends on the clock. */
  latestNdrAt: Date | null;
}

/**
 * One statement, every part by index (orders_order_number_upper_idx, customers_pkey,
 * shipments_order_idx, status_history_order_idx, order_notes_order_idx, ndr_responses' note): whole
 * rows are hashed, so any column the view reads (or will read) changes the fingerprint; a team's
 * note on the order row changes it too, which only costs a 200 instead of a 304.
 */
const TRACKING_VERSION_SQL = `
select o.id::text as id, o.order_number, c.language,
  md5(concat_ws('|',
    md5(o::text),
    (select md5(string_agg(s::text, ',' order by s.id)) from shipments s where s.order_id = o.id),
    (select md5(string_agg(h.id::text || h.applied::text, ',' order by h.id)) from status_history h where h.order_id = o.id),
    (select md5(string_agg(n.id::text || ':' || coalesce(r.id::text, '-'), ',' order by n.id))
       from order_notes n left join ndr_responses r on r.ndr_note_id = n.id
       where n.order_id = o.id and n.kind = 'ndr'))) as fingerprint,
  (select max(n.created_at) from order_notes n where n.order_id = o.id and n.kind = 'ndr') as latest_ndr_at
from orders o
join customers c on c.id = o.customer_id
where upper(o.order_number) = $1
order by o.id
limit 1`;

/** The fingerprint of an order's customer view (see TrackingVersion), by order number as findTrackingSubject finds it. */
export async function findTrackingVersion(db: DbExecutor, orderNumber: string): Promise<TrackingVersion | undefined> {
  const wanted = orderNumber.trim().toUpperCase();
  if (wanted === '' || wanted.includes('\u0000')) return undefined;
  const { rows } = await db.executeQuery<{
    id: string;
    order_number: string;
    language: string | null;
    fingerprint: string;
    latest_ndr_at: Date | string | null;
  }>(CompiledQuery.raw(TRACKING_VERSION_SQL, [wanted]));
  const row = rows[0];
  if (!row) return undefined;
  return {
    orderId: row.id,
    orderNumber: row.order_number,
    customerLanguage: row.language,
    fingerprint: row.fingerprint,
    latestNdrAt: row.latest_ndr_at === null ? null : new Date(row.latest_ndr_at),
  };
}
