import {
  ALL_COURIERS,
  addMemory,
  EMPTY_MEMORY,
  memoryState,
  pincodeDistrict,
  TRANSIT_BUCKETS,
  transitBucket,
  type MemoryCounts,
} from '@app/shipping';
import { sql } from 'kysely';
import type { MemoryScope } from '../schema';
import type { DbExecutor } from './db-executor';

const CLOSED_STATUSES = ['delivered', 'rto_delivered', 'lost'] as const;
const PINCODE = /^[1-9][0-9]{5}$/;
/** IST is UTC+5:30 all year: a calendar day in SQL without a time-zone database. */
const IST = sql.raw(`interval '330 minutes'`);

interface ClosedShipment {
  pincode: string;
  state: string;
  courier: string;
  courier_name: string | null;
  payment: 'cod' | 'prepaid';
  status: (typeof CLOSED_STATUSES)[number];
  had_ndr: boolean;
  days: number | string | null;
}

interface MemoryKey {
  scope: MemoryScope;
  place: string;
  courier: string;
  payment: 'cod' | 'prepaid';
  state: string;
}

/** The six rows one closed shipment counts in: its pincode, district and state, by its courier and by all. */
function keysOf(row: ClosedShipment): MemoryKey[] {
  const state = memoryState(row.state, row.pincode);
  const places: [MemoryScope, string][] = [
    ['pincode', row.pincode],
    ['district', pincodeDistrict(row.pincode)],
    ['state', state],
  ];
  return places.flatMap(([scope, place]) =>
    [row.courier, ALL_COURIERS].map((courier) => ({ scope, place, courier, payment: row.payment, state })),
  );
}

function countsOf(row: ClosedShipment): MemoryCounts {
  const transitDays = [...EMPTY_MEMORY.transitDays];
  if (row.status === 'delivered') {
    const bucket = transitBucket(Number(row.days ?? 0));
    transitDays[bucket] = (transitDays[bucket] ?? 0) + 1;
  }
  return {
    closed: 1,
    delivered: row.status === 'delivered' ? 1 : 0,
    rto: row.status === 'rto_delivered' ? 1 : 0,
    lost: row.status === 'lost' ? 1 : 0,
    ndr: row.had_ndr ? 1 : 0,
    transitDays,
  };
}

export interface RememberOptions {
  now: Date;
  /** Only these shipments (the live path: the one a push just closed); else the oldest not yet counted. */
  shipmentIds?: readonly string[];
  /** When the closing event happened (the live path); else the shipment's last event. */
  closedAt?: Date | null;
  /** At most this many shipments (the catch-up pass works in batches). */
  limit?: number;
}

/**
 * Counts closed forward shipments into delivery_memory, each exactly once (shipments.remembered_at
 * is set in the same statement that reads it). Two statements whatever the batch: one marks and
 * reads, one adds the sums. Returns how many shipments were counted.
 */
export async function rememberClosedShipments(db: DbExecutor, options: RememberOptions): Promise<number> {
  const ids = options.shipmentIds;
  if (ids && ids.length === 0) return 0;
  const closedAt = options.closedAt ?? null;
  const picked = await sql<ClosedShipment>`
    update shipments s set remembered_at = ${options.now}
    from orders o
    where o.id = s.order_id and s.id in (
      select id from shipments
      where remembered_at is null and direction = 'forward' and booking_state = 'booked'
        and status in (${sql.join(CLOSED_STATUSES)})
        ${ids ? sql`and id in (${sql.join(ids)})` : sql``}
      order by id
      limit ${options.limit ?? 500}
      for update skip locked
    )
    returning o.ship_pincode as pincode, o.ship_state as state, o.payment_method as payment, s.status,
      coalesce(s.courier_id, s.courier_name, 'unknown') as courier, s.courier_name,
      exists (select 1 from order_notes n where n.order_id = s.order_id and n.kind = 'ndr') as had_ndr,
      ((coalesce(${closedAt}::timestamptz, s.last_event_at, s.updated_at) + ${IST})::date
        - (coalesce(s.booked_at, s.created_at) + ${IST})::date) as days
  `.execute(db);
  // orders_ship_pincode_check guarantees each row's pincode is six digits.
  const rows = picked.rows;
  const sums = new Map<string, MemoryKey & { counts: MemoryCounts; courierName: string | null }>();
  for (const row of rows) {
    const counts = countsOf(row);
    for (const key of keysOf(row)) {
      const id = `${key.scope}\u0000${key.place}\u0000${key.courier}\u0000${key.payment}`;
      const seen = sums.get(id);
      if (seen) seen.counts = addMemory(seen.counts, counts);
      else sums.set(id, { ...key, courierName: key.courier === ALL_COURIERS ? null : row.courier_name, counts });
    }
  }
  if (sums.size === 0) return 0;
  // One JSON parameter for the whole batch, not a VALUES list of ~13 parameters a key: a catch-up
  // batch of 500 shipments is up to 3,000 keys, and building that statement with the query builder made
  // ~300 MB of short-lived objects in the first seconds of a start on a large history (issue 26).
  const batch = JSON.stringify(
    [...sums.values()].map((s) => ({
      scope: s.scope,
      place: s.place,
      courier: s.courier,
      payment: s.payment,
      courier_name: s.courierName,
      state: s.state,
      closed: s.counts.closed,
      delivered: s.counts.delivered,
      rto: s.counts.rto,
      lost: s.counts.lost,
      ndr: s.counts.ndr,
      transit_days: s.counts.transitDays,
    })),
  );
  await sql`
    insert into delivery_memory as m
      (scope, place, courier, payment, courier_name, state, closed, delivered, rto, lost, ndr, transit_days, updated_at)
    select b.scope, b.place, b.courier, b.payment, b.courier_name, b.state, b.closed, b.delivered, b.rto, b.lost, b.ndr,
      b.transit_days, ${options.now}::timestamptz
    from jsonb_to_recordset(${batch}::jsonb) as b(scope text, place text, courier text, payment text,
      courier_name text, state text, closed integer, delivered integer, rto integer, lost integer, ndr integer,
      transit_days integer[])
    on conflict (scope, place, courier, payment) do update set
      courier_name = coalesce(excluded.courier_name, m.courier_name),
      state = excluded.state,
      closed = m.closed + excluded.closed,
      delivered = m.delivered + excluded.delivered,
      rto = m.rto + excluded.rto,
      lost = m.lost + excluded.lost,
      ndr = m.ndr + excluded.ndr,
      transit_days = array(
        select a + b from unnest(m.transit_days, excluded.transit_days) with ordinality as t(a, b, i) order by i
      ),
      updated_at = excluded.updated_at
  `.execute(db);
  return picked.rows.length;
}

/**
 * Counts every closed shipment not yet counted, in batches (after seeding, at start), each batch in
 * its own transaction; `shouldStop` ends it between batches (the next start resumes).
 */
export async function catchUpDeliveryMemory(
  db: DbExecutor,
  now: Date,
  batch = 500,
  options: { shouldStop?: () => boolean } = {},
): Promise<number> {
  let total = 0;
  for (;;) {
    if (options.shouldStop?.()) return total;
    // A batch's marks and its counts commit together: a crash between them would lose parcels.
    const remember = (tx: DbExecutor) => rememberClosedShipments(tx, { now, limit: batch });
    const counted = db.isTransaction ? await remember(db) : await db.transaction().execute(remember);
    total += counted;
    if (counted < batch) return total;
  }
}

export interface MemoryRow extends MemoryCounts {
  scope: MemoryScope;
  place: string;
  courier: string;
  courierName: string | null;
  payment: 'cod' | 'prepaid';
}

interface MemoryDbRow {
  scope: MemoryScope;
  place: string;
  courier: string;
  courier_name: string | null;
  payment: 'cod' | 'prepaid';
  closed: number;
  delivered: number;
  rto: number;
  lost: number;
  ndr: number;
  transit_days: number[] | string;
}

/** PGlite returns integer[] as an array; some pg setups as '{1,2}' text. */
function toBuckets(value: number[] | string): number[] {
  const list = Array.isArray(value) ? value : value.replace(/[{}]/g, '').split(',').filter(Boolean);
  return Array.from({ length: TRANSIT_BUCKETS }, (_, i) => Number(list[i] ?? 0));
}

function toMemoryRow(row: MemoryDbRow): MemoryRow {
  return {
    scope: row.scope,
    place: row.place,
    courier: row.courier,
    courierName: row.courier_name,
    payment: row.payment,
    closed: row.closed,
    delivered: row.delivered,
    rto: row.rto,
    lost: row.lost,
    ndr: row.ndr,
    transitDays: toBuckets(row.transit_days),
  };
}

/**
 * What the memory holds for a pincode: every courier's rows for the pincode, and the all-courier
 * rows of the pincode, its district and its state (the state is read from the district's rows when
 * the caller does not know it). One indexed read.
 */
export async function readPincodeMemory(db: DbExecutor, pincode: string, state?: string | null): Promise<MemoryRow[]> {
  if (!PINCODE.test(pincode)) return [];
  const district = pincodeDistrict(pincode);
  const stateKey = state?.trim() ? memoryState(state, pincode) : null;
  const rows = await sql<MemoryDbRow>`
    select scope, place, courier, courier_name, payment, closed, delivered, rto, lost, ndr, transit_days
    from delivery_memory
    where (scope = 'pincode' and place = ${pincode})
       or (scope = 'district' and place = ${district} and courier = ${ALL_COURIERS})
       or (scope = 'state' and courier = ${ALL_COURIERS} and place = coalesce(${stateKey}::text, (
             select d.state from delivery_memory d
             where d.scope = 'district' and d.place = ${district} and d.courier = ${ALL_COURIERS}
             limit 1)))
  `.execute(db);
  return rows.rows.map(toMemoryRow);
}

/** Rows of one scope for every place, all couriers together: the Insights page's tables. */
export async function listMemoryByPlace(
  db: DbExecutor,
  scope: MemoryScope,
  options: { minClosed?: number; limit?: number } = {},
): Promise<MemoryRow[]> {
  const rows = await db
    .selectFrom('delivery_memory')
    .select(['scope', 'place', 'courier', 'courier_name', 'payment', 'closed', 'delivered', 'rto', 'lost', 'ndr'])
    .select('transit_days')
    .where('scope', '=', scope)
    .where('courier', '=', ALL_COURIERS)
    .where('closed', '>=', options.minClosed ?? 1)
    .orderBy('place')
    .limit(options.limit ?? 5000)
    .execute();
  return rows.map((row) => toMemoryRow(row as MemoryDbRow));
}

/** Per courier, every place of one scope summed: how each courier does for this store overall. */
export async function listMemoryByCourier(db: DbExecutor): Promise<MemoryRow[]> {
  const rows = await db
    .selectFrom('delivery_memory')
    .select(['scope', 'place', 'courier', 'courier_name', 'payment', 'closed', 'delivered', 'rto', 'lost', 'ndr'])
    .select('transit_days')
    .where('scope', '=', 'state')
    .where('courier', '<>', ALL_COURIERS)
    .execute();
  return rows.map((row) => toMemoryRow(row as MemoryDbRow));
}

/**
 * Each courier's rows for a pincode and for its district (both payment modes): what the "best"
 * courier policy weighs. One indexed read.
 */
export async function readCourierMemory(db: DbExecutor, pincode: string): Promise<MemoryRow[]> {
  if (!PINCODE.test(pincode)) return [];
  const rows = await db
    .selectFrom('delivery_memory')
    .select(['scope', 'place', 'courier', 'courier_name', 'payment', 'closed', 'delivered', 'rto', 'lost', 'ndr'])
    .select('transit_days')
    .where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'pincode'), eb('place', '=', pincode)]),
        eb.and([eb('scope', '=', 'district'), eb('place', '=', pincodeDistrict(pincode))]),
      ]),
    )
    .where('courier', '<>', ALL_COURIERS)
    .execute();
  return rows.map((row) => toMemoryRow(row as MemoryDbRow));
}

/**
 * The COD rows (all couriers) of many pincodes and their districts at once: what the risk flag
 * reads for a page of orders or a bulk review. One indexed read.
 */
export async function readCodMemory(db: DbExecutor, pincodes: readonly string[]): Promise<MemoryRow[]> {
  const valid = [...new Set(pincodes.filter((p) => PINCODE.test(p)))];
  if (valid.length === 0) return [];
  const districts = [...new Set(valid.map(pincodeDistrict))];
  const rows = await db
    .selectFrom('delivery_memory')
    .select(['scope', 'place', 'courier', 'courier_name', 'payment', 'closed', 'delivered', 'rto', 'lost', 'ndr'])
    .select('transit_days')
    .where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'pincode'), eb('place', 'in', valid)]),
        eb.and([eb('scope', '=', 'district'), eb('place', 'in', districts)]),
      ]),
    )
    .where('courier', '=', ALL_COURIERS)
    .where('payment', '=', 'cod')
    .execute();
  return rows.map((row) => toMemoryRow(row as MemoryDbRow));
}

/** Records the day promised for a booked shipment (once: a later booking answer never moves it). */
export async function setShipmentPromise(db: DbExecutor, shipmentId: string, day: string): Promise<void> {
  await db
    .updateTable('shipments')
    .set({ promised_by: day })
    .where('id', '=', shipmentId)
    .where('promised_by', 'is', null)
    .execute();
}

/** Where an order's parcel goes: what its promise is computed for. */
export async function findOrderDestination(
  db: DbExecutor,
  orderId: string,
): Promise<{ pincode: string; state: string } | undefined> {
  const row = await db
    .selectFrom('orders')
    .select(['ship_pincode', 'ship_state'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  return row && { pincode: row.ship_pincode, state: row.ship_state };
}
