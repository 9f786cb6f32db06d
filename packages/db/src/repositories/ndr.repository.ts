import type { OrderStatus } from '@app/shipping';
import type { Transaction } from 'kysely';
import type { DB, NdrAction, NdrResponseChannel, PaymentMethod } from '../schema';
import type { DbExecutor } from './db-executor';
import { isRowId } from './ids';

/** One NDR event as the customer flow sees it: the NDR's order note. */
export interface NdrEventRecord {
  noteId: string;
  orderId: string;
  code: string | null;
  /** iCarry's date for the attempt (yyyy-mm-dd), when it gave one. */
  reportedOn: string | null;
  /** When we recorded it. */
  recordedAt: Date;
}

export interface NdrResponseRecord {
  id: string;
  orderId: string;
  ndrNoteId: string;
  action: NdrAction;
  preferredDate: string | null;
  landmark: string | null;
  addressLine: string | null;
  alternatePhone: string | null;
  message: string | null;
  channel: NdrResponseChannel;
  createdAt: Date;
}

/** The columns of an NDR note that make an NdrEventRecord. */
const NDR_EVENT_COLUMNS = ['id', 'order_id', 'ndr_code', 'ndr_date', 'created_at'] as const;

export function toNdrEventRecord(row: {
  id: string;
  order_id: string;
  ndr_code: string | null;
  ndr_date: string | null;
  created_at: Date;
}): NdrEventRecord {
  return {
    noteId: row.id,
    orderId: row.order_id,
    code: row.ndr_code,
    reportedOn: row.ndr_date,
    recordedAt: row.created_at,
  };
}

/** The order's latest NDR event, or undefined when it never had one. */
export async function findLatestNdrEvent(db: DbExecutor, orderId: string): Promise<NdrEventRecord | undefined> {
  if (!isRowId(orderId)) return undefined;
  const row = await db
    .selectFrom('order_notes')
    .select(NDR_EVENT_COLUMNS)
    .where('order_id', '=', orderId)
    .where('kind', '=', 'ndr')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toNdrEventRecord(row);
}

/** The NDR event behind a note id, if that note is an NDR of that order. */
export async function findNdrEvent(
  db: DbExecutor,
  orderId: string,
  noteId: string,
): Promise<NdrEventRecord | undefined> {
  if (!isRowId(orderId) || !isRowId(noteId)) return undefined;
  const row = await db
    .selectFrom('order_notes')
    .select(NDR_EVENT_COLUMNS)
    .where('id', '=', noteId)
    .where('order_id', '=', orderId)
    .where('kind', '=', 'ndr')
    .executeTakeFirst();
  return row && toNdrEventRecord(row);
}

export function toNdrResponseRecord(row: {
  id: string;
  order_id: string;
  ndr_note_id: string;
  action: NdrAction;
  preferred_date: string | null;
  landmark: string | null;
  address_line: string | null;
  alternate_phone: string | null;
  message: string | null;
  channel: NdrResponseChannel;
  created_at: Date;
}): NdrResponseRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    ndrNoteId: row.ndr_note_id,
    action: row.action,
    preferredDate: row.preferred_date,
    landmark: row.landmark,
    addressLine: row.address_line,
    alternatePhone: row.alternate_phone,
    message: row.message,
    channel: row.channel,
    createdAt: row.created_at,
  };
}

export async function findNdrResponse(db: DbExecutor, ndrNoteId: string): Promise<NdrResponseRecord | undefined> {
  if (!isRowId(ndrNoteId)) return undefined;
  const row = await db.selectFrom('ndr_responses').selectAll().where('ndr_note_id', '=', ndrNoteId).executeTakeFirst();
  return row && toNdrResponseRecord(row);
}

export interface NewNdrResponse {
  orderId: string;
  ndrNoteId: string;
  action: NdrAction;
  preferredDate: string | null;
  landmark: string | null;
  addressLine: string | null;
  alternatePhone: string | null;
  message: string | null;
  channel: NdrResponseChannel;
  now: Date;
}

/** Records the answer unless this NDR event has one already (then undefined): once per event, ever. */
export async function insertNdrResponse(
  tx: Transaction<DB>,
  response: NewNdrResponse,
): Promise<NdrResponseRecord | undefined> {
  const row = await tx
    .insertInto('ndr_responses')
    .values({
      order_id: response.orderId,
      ndr_note_id: response.ndrNoteId,
      action: response.action,
      preferred_date: response.preferredDate,
      landmark: response.landmark,
      address_line: response.addressLine,
      alternate_phone: response.alternatePhone,
      message: response.message,
      channel: response.channel,
      created_at: response.now,
    })
    .onConflict((oc) => oc.column('ndr_note_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toNdrResponseRecord(row);
}

/** Statuses after which a failed attempt is no longer open: the parcel arrived, came back or is gone. */
const NDR_CLOSED_STATUSES: OrderStatus[] = ['delivered', 'returned', 'cancelled', 'lost'];

export interface OpenNdrRow {
  orderId: string;
  orderNumber: string;
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  customerName: string;
  city: string;
  awb: string | null;
  courierName: string | null;
  ndr: NdrEventRecord;
  response: NdrResponseRecord | null;
}

/**
 * Orders whose latest NDR is still open (the order has not been delivered, returned, cancelled or
 * lost), newest NDR first, with the customer's answer when there is one.
 */
export async function listOpenNdrs(db: DbExecutor, limit: number): Promise<OpenNdrRow[]> {
  const rows = await db
    .selectFrom('order_notes as n')
    .innerJoin('orders as o', 'o.id', 'n.order_id')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .leftJoin('ndr_responses as r', 'r.ndr_note_id', 'n.id')
    .leftJoin('shipments as s', (join) => join.onRef('s.order_id', '=', 'o.id').on('s.booking_state', '=', 'booked'))
    .where('n.kind', '=', 'ndr')
    .where('o.status', 'not in', NDR_CLOSED_STATUSES)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('order_notes as later')
            .select('later.id')
            .whereRef('later.order_id', '=', 'n.order_id')
            .where('later.kind', '=', 'ndr')
            .where((eb) =>
              eb.or([
                eb('later.created_at', '>', eb.ref('n.created_at')),
                eb.and([eb('later.created_at', '=', eb.ref('n.created_at')), eb('later.id', '>', eb.ref('n.id'))]),
              ]),
            ),
        ),
      ),
    )
    .select([
      'n.id as note_id',
      'n.ndr_code',
      'n.ndr_date',
      'n.created_at as note_created_at',
      'o.id as order_id',
      'o.order_number',
      'o.status',
      'o.payment_method',
      'o.ship_city',
      'c.name as customer_name',
      's.awb',
      's.courier_name',
      'r.id as r_id',
      'r.ndr_note_id as r_ndr_note_id',
      'r.action as r_action',
      'r.preferred_date as r_preferred_date',
      'r.landmark as r_landmark',
      'r.address_line as r_address_line',
      'r.alternate_phone as r_alternate_phone',
      'r.message as r_message',
      'r.channel as r_channel',
      'r.created_at as r_created_at',
    ])
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    orderId: row.order_id,
    orderNumber: row.order_number,
    status: row.status,
    paymentMethod: row.payment_method,
    customerName: row.customer_name,
    city: row.ship_city,
    awb: row.awb,
    courierName: row.courier_name,
    ndr: toNdrEventRecord({ ...row, id: row.note_id, created_at: row.note_created_at }),
    response:
      row.r_id && row.r_action && row.r_channel && row.r_created_at && row.r_ndr_note_id
        ? toNdrResponseRecord({
            id: row.r_id,
            order_id: row.order_id,
            ndr_note_id: row.r_ndr_note_id,
            action: row.r_action,
            preferred_date: row.r_preferred_date,
            landmark: row.r_landmark,
            address_line: row.r_address_line,
            alternate_phone: row.r_alternate_phone,
            message: row.r_message,
            channel: row.r_channel,
            created_at: row.r_created_at,
          })
        : null,
  }));
}

/** The NDR event behind a note id (a WhatsApp reply names the note), or undefined. */
export async function findNdrEventByNote(db: DbExecutor, noteId: string): Promise<NdrEventRecord | undefined> {
  if (!isRowId(noteId)) return undefined;
  const row = await db
    .selectFrom('order_notes')
    .select(NDR_EVENT_COLUMNS)
    .where('id', '=', noteId)
    .where('kind', '=', 'ndr')
    .executeTakeFirst();
  return row && toNdrEventRecord(row);
}
