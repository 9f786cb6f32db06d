import { ORDER_STATUSES, type OrderStatus, type ShipmentDirection, type ShipmentStatus } from '@app/shipping';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { AddressCheckState, CodConfirmationState, OrderSource, PaymentMethod } from '../schema';
import type { DbExecutor } from './db-executor';
import { InvalidCursorError } from './errors';
import { isRowId } from './ids';
import { closedOrdersPredicate, type ClosedOrdersFilter } from './insights.repository';
import { parseOrderSearch, type OrderSearch } from './order-search';
import { ORDER_NUMBER_PREFIX } from './order.repository';
import { isActiveShipment } from './shipment.predicates';

export const ORDER_LIST_MAX_LIMIT = 100;

export interface OrderListRow {
  id: string;
  orderNumber: string;
  placedAt: Date;
  customerName: string;
  city: string;
  state: string;
  pincode: string;
  paymentMethod: PaymentMethod;
  totalPaise: number;
  status: OrderStatus;
  needsAttention: boolean;
  source: OrderSource;
  externalId: string | null;
  /**
   * From the row's shipment: the active one, else the latest; the parcel to the customer, except
   * under the Returns tab, where it is the return pickup (its own AWB and courier status).
   */
  awb: string | null;
  courierName: string | null;
  /** The address check's verdict; null = not checked yet. */
  addressCheck: AddressCheckState | null;
  /** The customer's COD confirmation (`not_needed` when the order was never asked). */
  codConfirmation: CodConfirmationState;
  /** Which shipment `awb` and `shipmentStatus` describe; null when the order has none. */
  shipmentDirection: ShipmentDirection | null;
  /** That shipment's courier status (null until iCarry reports one). */
  shipmentStatus: ShipmentStatus | null;
}

/**
 * The packing table's tabs beyond the status ones: a parcel the watchdog found stuck, flagged for
 * a billing difference, with a return pickup, or returning/returned to origin (RTO).
 */
export const ORDER_LIST_FILTERS = ['stuck', 'billing', 'returns', 'rto'] as const;
export type OrderListFilter = (typeof ORDER_LIST_FILTERS)[number];

export const ORDER_ADDRESS_FILTERS = ['problems', 'error', 'warning'] as const;
export type OrderAddressFilter = (typeof ORDER_ADDRESS_FILTERS)[number];

/**
 * The COD confirmation filter: one state, or 'unconfirmed' (pending, declined or expired: what
 * booking refuses without an override). The digest links to `?codConfirmation=expired`.
 */
export const ORDER_COD_FILTERS = ['unconfirmed', 'pending', 'confirmed', 'declined', 'expired'] as const;
export type OrderCodFilter = (typeof ORDER_COD_FILTERS)[number];

export interface ListOrdersInput {
  status?: OrderStatus | undefined;
  filter?: OrderListFilter | undefined;
  search?: string | undefined;
  /** The address check: 'problems' = a warning or an error; 'error' or 'warning' = that verdict alone. */
  addressCheck?: OrderAddressFilter | undefined;
  /** The customer's COD confirmation (see ORDER_COD_FILTERS). */
  codConfirmation?: OrderCodFilter | undefined;
  /** The orders behind an Insights figure (a closed parcel's outcome, place, courier, week). */
  closed?: ClosedOrdersFilter | undefined;
  /** 1..ORDER_LIST_MAX_LIMIT */
  limit: number;
  /** `nextCursor` from the previous page; absent for the first page. */
  cursor?: string | null | undefined;
}

export interface OrderListPage {
  items: OrderListRow[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export type OrderStatusCounts = Record<OrderStatus, number>;

/** Query-plan knobs, exposed for tests and the benchmark CLI; production code passes nothing. */
export interface ListOrdersTuning {
  /** Name search: up to this many matching customers, read their orders customer-first. */
  nameSearchCustomerCap: number;
  /**
   * Name search: past the cap and up to this many, walk the orders newest first (index only) and
   * keep those whose customer is in the matches, hashed; past this, the planner's join.
   */
  nameSearchHashCap?: number;
}

const DEFAULT_HASH_CAP = 20_000;
const DEFAULT_TUNING: ListOrdersTuning = { nameSearchCustomerCap: 1000, nameSearchHashCap: DEFAULT_HASH_CAP };

interface ListCursor {
  /** placed_at in UTC with microseconds: a JS Date would drop them and skip or repeat rows. */
  placedAt: string;
  id: string;
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeOrderCursor(cursor: ListCursor): string {
  return Buffer.from(`${cursor.placedAt}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Throws InvalidCursorError for anything encodeOrderCursor did not produce. */
export function decodeOrderCursor(cursor: string): ListCursor {
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError('not base64url');
  const [placedAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (placedAt === undefined || id === undefined || rest.length > 0) throw new InvalidCursorError('malformed');
  if (!CURSOR_TIME.test(placedAt) || Number.isNaN(Date.parse(placedAt.slice(0, 23) + 'Z'))) {
    throw new InvalidCursorError('bad timestamp');
  }
  if (!isRowId(id)) throw new InvalidCursorError('bad id');
  return { placedAt, id };
}

/**
 * Orders newest first (placed_at desc, id desc), keyset-paginated so page 10,000 costs what page 1
 * costs. Filters by status and by the search box (see parseOrderSearch). Throws InvalidCursorError
 * for a cursor it did not issue and RangeError for a limit outside 1..ORDER_LIST_MAX_LIMIT.
 */
export async function listOrders(
  db: DbExecutor,
  input: ListOrdersInput,
  tuning: ListOrdersTuning = DEFAULT_TUNING,
): Promise<OrderListPage> {
  const { limit } = input;
  if (!Number.isInteger(limit) || limit < 1 || limit > ORDER_LIST_MAX_LIMIT) {
    throw new RangeError(`limit must be an integer from 1 to ${ORDER_LIST_MAX_LIMIT}`);
  }
  const after = input.cursor ? decodeOrderCursor(input.cursor) : undefined;
  const search = input.search === undefined ? undefined : parseOrderSearch(input.search, ORDER_NUMBER_PREFIX);

  let pageQuery = db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .select([
      'o.id',
      'o.order_number',
      'o.placed_at',
      sql<string>`to_char(o.placed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('placed_at_key'),
      'c.name as customer_name',
      'o.ship_city',
      'o.ship_state',
      'o.ship_pincode',
      'o.payment_method',
      'o.total_paise',
      'o.status',
      'o.attention_kind',
      'o.source',
      'o.external_id',
      'o.address_check_state',
      'o.cod_confirmation',
    ])
    .orderBy('o.placed_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(limit + 1);

  if (input.status) pageQuery = pageQuery.where('o.status', '=', input.status);
  if (input.filter) pageQuery = pageQuery.where(orderListFilter(input.filter));
  if (input.closed) pageQuery = pageQuery.where(closedOrdersPredicate(input.closed));
  if (input.addressCheck) {
    pageQuery = pageQuery.where(
      'o.address_check_state',
      'in',
      input.addressCheck === 'problems' ? ['warning', 'error'] : [input.addressCheck],
    );
  }
  if (input.codConfirmation) {
    pageQuery = pageQuery.where(
      'o.cod_confirmation',
      'in',
      input.codConfirmation === 'unconfirmed' ? ['pending', 'declined', 'expired'] : [input.codConfirmation],
    );
  }
  if (after) pageQuery = pageQuery.where(placedBefore('o', after));
  // The customer-first plan cuts each customer's orders before any tab filter would apply.
  if (search?.namePattern && (input.filter || input.closed || input.addressCheck || input.codConfirmation)) {
    pageQuery = pageQuery.where(sql`lower(c.name)`, 'like', search.namePattern).where(NO_PARALLEL_PLAN);
  } else if (search?.namePattern) {
    const ids = await ordersOfFewMatchingCustomers(
      db,
      search.namePattern,
      input.status,
      after,
      limit + 1,
      tuning.nameSearchCustomerCap,
      Math.max(tuning.nameSearchCustomerCap, tuning.nameSearchHashCap ?? DEFAULT_HASH_CAP),
    );
    if (ids === undefined) {
      pageQuery = pageQuery.where(sql`lower(c.name)`, 'like', search.namePattern).where(NO_PARALLEL_PLAN);
    } else if (ids.length === 0) {
      return { items: [], nextCursor: null };
    } else {
      pageQuery = pageQuery.where('o.id', 'in', ids);
    }
  } else if (search) {
    const ids = matchingOrderIds(db, search);
    if (!ids) return { items: [], nextCursor: null };
    pageQuery = pageQuery.where('o.id', 'in', ids);
  }

  const listedDirection: ShipmentDirection = input.filter === 'returns' ? 'return' : 'forward';
  // The shipment columns are joined after the page is cut, so a search matching thousands of
  // orders looks up shipments for 51 of them, not all.
  const rows = await db
    .selectFrom(pageQuery.as('p'))
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('shipments as s')
          .select(['s.awb', 's.courier_name', 's.direction', 's.status as shipment_status'])
          .whereRef('s.order_id', '=', 'p.id')
          .where('s.direction', '=', listedDirection)
          .orderBy(isActiveShipment(sql.ref('s.booking_state')), 'desc')
          .orderBy('s.created_at', 'desc')
          .orderBy('s.id', 'desc')
          .limit(1)
          .as('cs'),
      (join) => join.onTrue(),
    )
    .selectAll('p')
    .select(['cs.awb', 'cs.courier_name', 'cs.direction', 'cs.shipment_status'])
    .orderBy('p.placed_at', 'desc')
    .orderBy('p.id', 'desc')
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      orderNumber: row.order_number,
      placedAt: row.placed_at,
      customerName: row.customer_name,
      city: row.ship_city,
      state: row.ship_state,
      pincode: row.ship_pincode,
      paymentMethod: row.payment_method,
      totalPaise: row.total_paise,
      status: row.status,
      needsAttention: row.attention_kind !== null,
      source: row.source,
      externalId: row.external_id,
      awb: row.awb,
      courierName: row.courier_name,
      addressCheck: row.address_check_state,
      codConfirmation: row.cod_confirmation ?? 'not_needed',
      shipmentDirection: row.direction,
      shipmentStatus: row.shipment_status,
    })),
    nextCursor: rows.length > limit && last ? encodeOrderCursor({ placedAt: last.placed_at_key, id: last.id }) : null,
  };
}

/** The condition behind each tab of ORDER_LIST_FILTERS, on `orders as o`. */
function orderListFilter(filter: OrderListFilter): RawBuilder<SqlBool> {
  switch (filter) {
    case 'stuck':
      // Every stuck parcel, also on an order flagged for something else first.
      return sql<SqlBool>`exists (select 1 from shipments st where st.order_id = o.id and st.stuck_stage is not null)`;
    case 'billing':
      return sql<SqlBool>`o.attention_kind = 'billing'`;
    case 'rto':
      return sql<SqlBool>`o.status in ('returning', 'returned')`;
    case 'returns':
      return sql<SqlBool>`exists (select 1 from shipments r where r.order_id = o.id and r.direction = 'return' and ${isActiveShipment(sql.ref('r.booking_state'))})`;
  }
}

/** Orders in each tab of ORDER_LIST_FILTERS (for the tab badges). */
export async function countOrdersByFilter(db: DbExecutor): Promise<Record<OrderListFilter, number>> {
  const { rows } = await sql<{
    stuck: string | number;
    billing: string | number;
    returns: string | number;
    rto: string | number;
  }>`
    select
      (select count(distinct order_id) from shipments where stuck_stage is not null) as stuck,
      (select count(*) from orders where attention_kind = 'billing') as billing,
      (select count(distinct order_id) from shipments
        where direction = 'return' and ${isActiveShipment(sql.ref('booking_state'))}) as returns,
      (select coalesce(sum(order_count), 0) from order_status_counts where status in ('returning', 'returned')) as rto`.execute(
    db,
  );
  const row = rows[0];
  return {
    stuck: Number(row?.stuck ?? 0),
    billing: Number(row?.billing ?? 0),
    returns: Number(row?.returns ?? 0),
    rto: Number(row?.rto ?? 0),
  };
}

/** Keyset condition: rows after the cursor in (placed_at desc, id desc) order. */
function placedBefore(alias: 'o', after: ListCursor): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(`${alias}.placed_at`)}, ${sql.ref(`${alias}.id`)}) < (${after.placedAt}::timestamptz, ${after.id}::bigint)`;
}

/**
 * A predicate that is always true and makes the planner keep the query out of parallel workers:
 * current_schema() is marked parallel-unsafe, and one such call anywhere rules out a parallel plan.
 * It becomes a one-time filter, evaluated once. Why: a walk that stops after a few thousand rows is
 * costed as a scan of the whole table, so the planner starts workers for it; on a 2-core server
 * starting them took 70-120 ms of a query that runs in 10-30 ms alone. (SET would need a
 * transaction and would leak into a caller's.)
 */
const NO_PARALLEL_PLAN = sql<SqlBool>`current_schema() is not null`;

/**
 * Name search has no single good plan: a rare name is best served customer-first (each match's
 * newest orders, then the newest of those), a common prefix ("pri") orders-first (walk newest
 * orders until enough match). Measured on 1M orders, guessing wrong costs 40-200 ms, and the
 * planner's guess comes from prefix statistics that are often off. So count the matches first,
 * up to a cap, and choose:
 * - up to `cap` customers: read their orders from orders_customer_placed_idx, customer-first;
 * - up to `hashCap`: walk orders newest first, INDEX ONLY (orders_status_placed_idx or
 *   orders_placed_idx, both include customer_id since migration 2026_12_06_191000), keeping the
 *   orders whose customer is among the matches, hashed once. The planner's own plan for this walk
 *   probed customers_pkey and the orders heap for every order walked: "ais" (4,999 customers of
 *   400,000) with status delivered walked 1,948 orders, 15,451 buffers, 10-38 ms; this is 70
 *   buffers, ~3 ms. `(... in (select id from m)) is true` keeps the IN a hashed filter of the walk
 *   (a bare IN would be pulled up into a join, and the planner picks the probing one);
 * - more (undefined): the caller joins customers by name and lets PostgreSQL choose; with that
 *   many matches the walk is short whichever way.
 */
async function ordersOfFewMatchingCustomers(
  db: DbExecutor,
  namePattern: string,
  status: OrderStatus | undefined,
  after: ListCursor | undefined,
  take: number,
  cap: number,
  hashCap: number,
): Promise<string[] | undefined> {
  // Each CASE branch reads the orders only when the count is in its range; past hashCap, this
  // costs just the customer index range scan.
  const { rows } = await sql<{ matched: string | number; ids: string[] | null }>`
    with m as materialized (
      select id from customers where lower(name) like ${namePattern} limit ${hashCap + 1}
    ),
    n as (select count(*) as matched from m)
    select
      n.matched,
      case when n.matched <= ${cap} then (select array_agg(x.id::text order by x.placed_at desc, x.id desc) from (
        select o.id, o.placed_at from m
        cross join lateral (
          select o.id, o.placed_at from orders o
          where o.customer_id = m.id
            ${status ? sql`and o.status = ${status}` : sql``}
            ${after ? sql`and ${placedBefore('o', after)}` : sql``}
          order by o.placed_at desc, o.id desc
          limit ${take}
        ) as o
        order by o.placed_at desc, o.id desc
        limit ${take}
      ) as x)
      when n.matched <= ${hashCap} then (select array_agg(x.id::text order by x.placed_at desc, x.id desc) from (
        select o.id, o.placed_at from orders o
        where (o.customer_id in (select id from m)) is true
          ${status ? sql`and o.status = ${status}` : sql``}
          ${after ? sql`and ${placedBefore('o', after)}` : sql``}
        order by o.placed_at desc, o.id desc
        limit ${take}
      ) as x) end as ids
    from n`.execute(db);
  const row = rows[0];
  if (!row || Number(row.matched) > hashCap) return undefined;
  return row.ids ?? [];
}

/**
 * Ids of orders an identifier-like term matches exactly: each branch is an index lookup
 * returning a handful of rows, so their union stays cheap however large the table is.
 */
function matchingOrderIds(db: DbExecutor, search: OrderSearch) {
  const branches = [];
  if (search.orderNumbers.length > 0) {
    branches.push(
      db
        .selectFrom('orders')
        .select('id')
        .where(sql`upper(order_number)`, 'in', search.orderNumbers),
    );
    // The number the store knows the order by, when order_number could not be it (taken by another
    // order): served by the partial orders_store_order_number_upper_idx.
    branches.push(
      db
        .selectFrom('orders')
        .select('id')
        .where('store_order_number', 'is not', null)
        .where(sql`upper(store_order_number)`, 'in', search.orderNumbers),
    );
  }
  if (search.externalIds.length > 0) {
    // Served by the partial orders_external_id_upper_idx: its predicate must be in the query.
    branches.push(
      db
        .selectFrom('orders')
        .select('id')
        .where('external_id', 'is not', null)
        .where(sql`upper(external_id)`, 'in', search.externalIds),
    );
  }
  if (search.phone !== null) {
    const phone = search.phone;
    branches.push(db.selectFrom('orders').select('id').where('contact_phone', '=', phone));
    branches.push(
      db
        .selectFrom('orders')
        .select('id')
        .where('customer_id', 'in', db.selectFrom('customers').select('id').where('phone', '=', phone)),
    );
  }
  if (search.awbs.length > 0) {
    branches.push(db.selectFrom('shipments').select('order_id as id').where('awb', 'in', search.awbs));
  }
  const [first, ...rest] = branches;
  if (!first) return undefined;
  return rest.reduce((union, branch) => union.unionAll(branch), first);
}

/**
 * Every status with its count, zeros included. Summed from order_status_counts, which triggers on
 * orders keep exact (migrations 2026_11_26_090100, 2026_12_02_100000): 9 x 16 shard rows instead of
 * a scan of every order.
 */
export async function countOrdersByStatus(db: DbExecutor): Promise<OrderStatusCounts> {
  const rows = await db
    .selectFrom('order_status_counts')
    .select((eb) => ['status', eb.fn.sum<string>('order_count').as('order_count')])
    .groupBy('status')
    .execute();
  const counts = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as OrderStatusCounts;
  for (const row of rows) {
    if (isOrderStatus(row.status)) counts[row.status] = Number(row.order_count);
  }
  return counts;
}

function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}
