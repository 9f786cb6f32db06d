import type { ShipmentStatus } from '@app/shipping';
import { sql } from 'kysely';
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
