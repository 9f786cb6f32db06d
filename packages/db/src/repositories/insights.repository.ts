import { ALL_COURIERS, type MemoryCounts } from '@app/shipping';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { DbExecutor } from './db-executor';

/**
 * What the Insights page reads: closed forward shipments by IST week, and the delivery memory's sums
 * by state, payment mode, courier and pincode. Counts only; the API turns them into rates.
 */

const CLOSED_STATUSES = ['delivered', 'rto_delivered', 'lost'] as const;
/** When a shipment closed: its last event (the memory's own rule), else its last change. */
const CLOSED_AT = sql`coalesce(s.last_event_at, s.updated_at)`;
/** A UTC instant as an IST wall-clock timestamp, whatever the session's time zone. */
const istOf = (ts: ReturnType<typeof sql>) => sql`((${ts}) at time zone 'UTC' + interval '330 minutes')`;

export interface InsightCounts {
  closed: number;
  delivered: number;
  rto: number;
  lost: number;
  ndr: number;
}

export interface WeekCounts extends InsightCounts {
  /** Monday of the IST week, YYYY-MM-DD. */
  week: string;
}

type Numeric = number | string;
interface CountRow {
  closed: Numeric;
  delivered: Numeric;
  rto: Numeric;
  lost: Numeric;
  ndr: Numeric;
}

const countsOf = (row: CountRow): InsightCounts => ({
  closed: Number(row.closed),
  delivered: Number(row.delivered),
  rto: Number(row.rto),
  lost: Number(row.lost),
  ndr: Number(row.ndr),
});

/** Closed forward shipments per IST week (Monday first), from the week of `fromWeek` (YYYY-MM-DD) on. */
export async function countClosedByWeek(db: DbExecutor, fromWeek: string): Promise<WeekCounts[]> {
  const { rows } = await sql<CountRow & { week: string }>`
    select to_char(date_trunc('week', ${istOf(CLOSED_AT)}), 'YYYY-MM-DD') as week,
      count(*) as closed,
      count(*) filter (where s.status = 'delivered') as delivered,
      count(*) filter (where s.status = 'rto_delivered') as rto,
      count(*) filter (where s.status = 'lost') as lost,
      count(*) filter (where exists (select 1 from order_notes n where n.order_id = s.order_id and n.kind = 'ndr')) as ndr
    from shipments s
    where s.direction = 'forward' and s.booking_state = 'booked' and s.status in (${sql.join(CLOSED_STATUSES)})
      and ${istOf(CLOSED_AT)} >= ${fromWeek}::timestamp
    group by 1
    order by 1
  `.execute(db);
  return rows.map((row) => ({ week: row.week, ...countsOf(row) }));
}

const MEMORY_SUMS = sql`sum(closed) as closed, sum(delivered) as delivered, sum(rto) as rto, sum(lost) as lost,
  sum(ndr) as ndr`;

/** The memory's state rows for all couriers, both payment modes summed, most closed first. */
export async function memoryByState(db: DbExecutor): Promise<(InsightCounts & { state: string })[]> {
  const { rows } = await sql<CountRow & { place: string }>`
    select place, ${MEMORY_SUMS} from delivery_memory
    where scope = 'state' and courier = ${ALL_COURIERS}
    group by place order by sum(closed) desc, place
  `.execute(db);
  return rows.map((row) => ({ state: row.place, ...countsOf(row) }));
}

/** The memory by payment mode (its state rows for all couriers, summed over the states). */
export async function memoryByPayment(db: DbExecutor): Promise<(InsightCounts & { payment: 'cod' | 'prepaid' })[]> {
  const { rows } = await sql<CountRow & { payment: 'cod' | 'prepaid' }>`
    select payment, ${MEMORY_SUMS} from delivery_memory
    where scope = 'state' and courier = ${ALL_COURIERS}
    group by payment order by payment
  `.execute(db);
  return rows.map((row) => ({ payment: row.payment, ...countsOf(row) }));
}

export interface CourierMemory extends MemoryCounts {
  courier: string;
  courierName: string | null;
}

/** Each courier's memory over every state and payment mode, with its transit-day histogram. */
export async function memoryByCourier(db: DbExecutor): Promise<CourierMemory[]> {
  const { rows } = await sql<CountRow & { courier: string; courier_name: string | null; transit_days: Numeric[] }>`
    select courier, max(courier_name) as courier_name, ${MEMORY_SUMS},
      array(select sum(d)::bigint from delivery_memory m2 cross join lateral unnest(m2.transit_days) with ordinality as t(d, i)
        where m2.scope = 'state' and m2.courier = m.courier group by i order by i) as transit_days
    from delivery_memory m
    where scope = 'state' and courier <> ${ALL_COURIERS}
    group by courier order by sum(closed) desc, courier
  `.execute(db);
  return rows.map((row) => ({
    courier: row.courier,
    courierName: row.courier_name,
    ...countsOf(row),
    transitDays: row.transit_days.map(Number),
  }));
}

/** Pincodes with at least `minClosed` closed shipments, highest RTO rate first (then most RTOs). */
export async function worstPincodes(
  db: DbExecutor,
  options: { minClosed: number; limit: number },
): Promise<(InsightCounts & { pincode: string; state: string })[]> {
  const { rows } = await sql<CountRow & { place: string; state: string }>`
    select place, max(state) as state, ${MEMORY_SUMS} from delivery_memory
    where scope = 'pincode' and courier = ${ALL_COURIERS}
    group by place
    having sum(closed) >= ${options.minClosed} and sum(rto) > 0
    order by sum(rto)::float8 / sum(closed) desc, sum(rto) desc, place
    limit ${options.limit}
  `.execute(db);
  return rows.map((row) => ({ pincode: row.place, state: row.state, ...countsOf(row) }));
}

export interface RtoFreight {
  /** Forward shipments that came back to origin. */
  rtoShipments: number;
  /** Their forward freight: billed, else quoted. */
  forwardPaise: number;
  /** Return legs a return shipment of the same order bills (billed, else quoted). */
  billedReturnPaise: number;
  billedReturnShipments: number;
  /** RTOs with no return shipment: their return leg counted equal to the forward freight. */
  estimatedReturnPaise: number;
  estimatedReturnShipments: number;
  /** RTOs with neither a bill nor a quote (counted as 0). */
  unpricedShipments: number;
}

/** Freight both ways of every RTO (forward shipments in rto_delivered). */
export async function rtoFreight(db: DbExecutor): Promise<RtoFreight> {
  const { rows } = await sql<Record<keyof RtoFreight, Numeric>>`
    with rto as (
      select coalesce(s.billed_paise, s.quoted_cost_paise) as forward,
        (select sum(coalesce(r.billed_paise, r.quoted_cost_paise)) from shipments r
          where r.order_id = s.order_id and r.direction = 'return' and r.booking_state = 'booked') as back
      from shipments s
      where s.direction = 'forward' and s.booking_state = 'booked' and s.status = 'rto_delivered'
    )
    select count(*) as "rtoShipments",
      coalesce(sum(forward), 0) as "forwardPaise",
      coalesce(sum(back), 0) as "billedReturnPaise",
      count(*) filter (where back is not null) as "billedReturnShipments",
      coalesce(sum(forward) filter (where back is null), 0) as "estimatedReturnPaise",
      count(*) filter (where back is null) as "estimatedReturnShipments",
      count(*) filter (where forward is null) as "unpricedShipments"
    from rto
  `.execute(db);
  const row = rows[0];
  const n = (key: keyof RtoFreight) => Number(row?.[key] ?? 0);
  return {
    rtoShipments: n('rtoShipments'),
    forwardPaise: n('forwardPaise'),
    billedReturnPaise: n('billedReturnPaise'),
    billedReturnShipments: n('billedReturnShipments'),
    estimatedReturnPaise: n('estimatedReturnPaise'),
    estimatedReturnShipments: n('estimatedReturnShipments'),
    unpricedShipments: n('unpricedShipments'),
  };
}

/** What a closed forward shipment ended as, for the order list's links from the Insights page. */
export const CLOSED_OUTCOMES = ['closed', 'delivered', 'rto', 'lost', 'ndr'] as const;
export type ClosedOutcome = (typeof CLOSED_OUTCOMES)[number];

/**
 * The orders behind one Insights figure: a closed forward shipment (of this outcome, courier, IST
 * week) to this pincode, state or payment mode. Every key is optional; absent keys match all.
 */
export interface ClosedOrdersFilter {
  outcome: ClosedOutcome;
  pincode?: string | undefined;
  /** A state as the memory names it; compared with the order's state case-insensitively. */
  state?: string | undefined;
  payment?: 'cod' | 'prepaid' | undefined;
  /** The memory's courier key: the courier id (else its name). */
  courier?: string | undefined;
  /** Monday (YYYY-MM-DD) of the IST week the shipment closed in. */
  week?: string | undefined;
}

const OUTCOME_STATUS: Record<ClosedOutcome, readonly string[]> = {
  closed: CLOSED_STATUSES,
  ndr: CLOSED_STATUSES,
  delivered: ['delivered'],
  rto: ['rto_delivered'],
  lost: ['lost'],
};

/** A condition on `orders as o`: the order is one the filter counts (see ClosedOrdersFilter). */
export function closedOrdersPredicate(filter: ClosedOrdersFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [
    sql`s.order_id = o.id and s.direction = 'forward' and s.booking_state = 'booked'`,
    sql`s.status in (${sql.join(OUTCOME_STATUS[filter.outcome])})`,
  ];
  if (filter.outcome === 'ndr') {
    parts.push(sql`exists (select 1 from order_notes n where n.order_id = o.id and n.kind = 'ndr')`);
  }
  if (filter.courier) parts.push(sql`coalesce(s.courier_id, s.courier_name, 'unknown') = ${filter.courier}`);
  if (filter.week) {
    parts.push(
      sql`${istOf(CLOSED_AT)} >= ${filter.week}::timestamp and ${istOf(CLOSED_AT)} < ${filter.week}::timestamp + interval '7 days'`,
    );
  }
  const order: RawBuilder<unknown>[] = [];
  if (filter.pincode) order.push(sql`o.ship_pincode = ${filter.pincode}`);
  if (filter.payment) order.push(sql`o.payment_method = ${filter.payment}`);
  if (filter.state) order.push(sql`lower(trim(o.ship_state)) = lower(${filter.state})`);
  return sql<SqlBool>`(exists (select 1 from shipments s where ${sql.join(parts, sql` and `)})${sql.join(
    order.map((p) => sql` and ${p}`),
    sql``,
  )})`;
}
