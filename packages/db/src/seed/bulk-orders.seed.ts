import { sql } from 'kysely';
import type { DbExecutor } from '../repositories/db-executor';
import { ORDER_NUMBER_PREFIX } from '../repositories/order.repository';
import { insertDemoCatalog } from './catalog.seed';
import { COURIERS, DEMO_PLACES, FIRST_NAMES, LAST_NAMES } from './places.data';

export interface BulkOrdersOptions {
  count: number;
  /** Orders per INSERT statement (each batch is one statement, so one transaction). */
  batchSize?: number;
  /** Newest order's placed_at; orders spread back ~2 years from here. Default: now. */
  now?: Date;
  onProgress?: (progress: BulkOrdersProgress) => void;
}

export interface BulkOrdersProgress {
  orders: number;
  total: number;
  elapsedMs: number;
}

export interface BulkOrdersResult {
  orders: number;
  customers: number;
  items: number;
  shipments: number;
  firstOrderNumber: string | null;
  lastOrderNumber: string | null;
  elapsedMs: number;
}

const SPAN_DAYS = 730;
const CUSTOMERS_PER_ORDER = 0.4;
// Odd multipliers coprime with 2^32 and 10^9: n * K mod M is a bijection, so derived phones never
// collide, and different K keep the pseudo-random attributes uncorrelated. Names reduce modulo a
// large prime first: taken straight modulo 80 and 60, first and last name would repeat in lockstep.
const K1 = sql.lit(2654435761);
const K2 = sql.lit(2246822519);
const K3 = sql.lit(3266489917);
const K4 = sql.lit(668265263);

/**
 * Fills the database with `count` realistic orders for benchmarks, generated inside PostgreSQL by
 * one `insert ... select generate_series` statement per batch (customers, orders, items and
 * shipments together), so nothing crosses the wire but a few numbers. Deterministic for a given
 * `now`. Adds the demo catalogue when there are no products. Order numbers continue after the
 * highest existing `FB-` number.
 */
export async function generateBulkOrders(db: DbExecutor, options: BulkOrdersOptions): Promise<BulkOrdersResult> {
  const { count } = options;
  const batchSize = options.batchSize ?? 5000;
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
  const started = performance.now();
  const result: BulkOrdersResult = {
    orders: 0,
    customers: 0,
    items: 0,
    shipments: 0,
    firstOrderNumber: null,
    lastOrderNumber: null,
    elapsedMs: 0,
  };
  if (count === 0) return result;

  const hasProducts = await db.selectFrom('products').select('id').limit(1).executeTakeFirst();
  if (!hasProducts) await insertDemoCatalog(db);

  const base = await highestOrderNumber(db);
  const now = (options.now ?? new Date()).toISOString();
  const customersTotal = Math.max(1, Math.round(count * CUSTOMERS_PER_ORDER));
  let customerFrom = await nextCustomerOrdinal(db);

  for (let from = 1; from <= count; from += batchSize) {
    const to = Math.min(count, from + batchSize - 1);
    // Customers are spread over batches in proportion, each batch's orders use its own customers.
    const customersBefore = Math.floor(((from - 1) / count) * customersTotal);
    const customersUpTo = Math.max(customersBefore + 1, Math.floor((to / count) * customersTotal));
    const customerCount = customersUpTo - customersBefore;
    const batch = await insertBatch(db, { from, to, count, base, now, customerFrom, customerCount });
    customerFrom += customerCount;
    result.orders += batch.orders;
    result.customers += batch.customers;
    result.items += batch.items;
    result.shipments += batch.shipments;
    options.onProgress?.({ orders: result.orders, total: count, elapsedMs: performance.now() - started });
  }
  result.firstOrderNumber = `${ORDER_NUMBER_PREFIX}${base + 1}`;
  result.lastOrderNumber = `${ORDER_NUMBER_PREFIX}${base + count}`;
  result.elapsedMs = performance.now() - started;
  return result;
}

async function highestOrderNumber(db: DbExecutor): Promise<number> {
  const pattern = `^${ORDER_NUMBER_PREFIX.replace(/[^A-Za-z0-9]/g, '\\$&')}([0-9]{1,15})$`;
  const row = await sql<{ max: string | null }>`
    select max(substring(order_number from ${pattern})::bigint)::text as max from orders
    where order_number ~ ${pattern}`.execute(db);
  const max = row.rows[0]?.max;
  // Leave the demo range (FB-10001...) free when starting on an empty database.
  return max ? Number(max) : 100000;
}

async function nextCustomerOrdinal(db: DbExecutor): Promise<number> {
  const row = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) + 1;
}

export interface BatchParams {
  from: number;
  to: number;
  count: number;
  base: number;
  now: string;
  customerFrom: number;
  customerCount: number;
}

async function insertBatch(
  db: DbExecutor,
  p: BatchParams,
): Promise<{ orders: number; customers: number; items: number; shipments: number }> {
  const run = async (tx: DbExecutor) => {
    // The planner's guesses for generate_series joins are wild (billions of rows), which makes it
    // JIT-compile every batch: ~0.9 s of a 1.4 s batch. The batch is cheap to plan and run without it.
    if (tx.isTransaction) await sql`set local jit = off`.execute(tx);
    return batchQuery(p).execute(tx);
  };
  const result = db.isTransaction ? await run(db) : await db.transaction().execute(run);
  const row = result.rows[0];
  return {
    orders: Number(row?.orders ?? 0),
    customers: Number(row?.customers ?? 0),
    items: Number(row?.items ?? 0),
    shipments: Number(row?.shipments ?? 0),
  };
}

/** Exported for EXPLAIN in the benchmark CLI. */
export function batchQuery(p: BatchParams) {
  const cities = DEMO_PLACES.map((place) => place.city);
  const states = DEMO_PLACES.map((place) => place.state);
  const pincodes = DEMO_PLACES.map((place) => place.pincode);
  const localities = DEMO_PLACES.map((place) => place.localities[0] ?? 'Main Road');
  const courierIds = COURIERS.map((c) => c.id);
  const courierNames = COURIERS.map((c) => c.name);
  const customerTo = p.customerFrom + p.customerCount - 1;

  return sql<{ orders: string; customers: string; items: string; shipments: string }>`
    with
    prod as (
      select (row_number() over (order by id) - 1)::int as k, id, sku, name, weight_text, price_paise from products
    ),
    prod_count as (select count(*)::int as n from prod),
    new_customers as (
      insert into customers (name, email, phone, whatsapp_opt_in, whatsapp_opt_in_at, created_at)
      select
        f.v || ' ' || l.v,
        case when g.k % 4 = 0 then null else lower(f.v) || '.' || lower(l.v) || g.k || '@example.com' end,
        (6 + g.k % 4)::text || lpad(((g.k * ${K1}) % 1000000000)::text, 9, '0'),
        g.k % 3 = 0,
        case when g.k % 3 = 0 then ${p.now}::timestamptz - interval '800 days' end,
        ${p.now}::timestamptz - interval '800 days'
      from generate_series(${p.customerFrom}::bigint, ${customerTo}::bigint) as g(k)
      cross join lateral (select (${FIRST_NAMES}::text[])[1 + ((g.k * ${K2}) % 999983 % ${FIRST_NAMES.length})::int] as v) as f
      cross join lateral (select (${LAST_NAMES}::text[])[1 + ((g.k * ${K3}) % 1000003 % ${LAST_NAMES.length})::int] as v) as l
      returning id, name, email, phone
    ),
    cust as (
      select id, name, email, phone, (row_number() over (order by id) - 1)::bigint as rn,
        1 + (id * 31 % ${DEMO_PLACES.length})::int as place
      from new_customers
    ),
    src as (
      select g.n,
        ${p.count}::bigint - g.n as age_rank,
        ((${p.count}::float8 - g.n) / ${p.count}::float8) * ${SPAN_DAYS} as age_days,
        ((g.n * ${K1}) % 4294967296) / 4294967296.0 as r_status,
        ((g.n * ${K2}) % 4294967296) / 4294967296.0 as r_pay,
        ((g.n * ${K3}) % 4294967296) / 4294967296.0 as r_misc
      from generate_series(${p.from}::bigint, ${p.to}::bigint) as g(n)
    ),
    shaped as (
      select s.*,
        ${p.now}::timestamptz - make_interval(secs => s.age_days * 86400 + (s.n * ${K4}) % 3600) as placed_at,
        case
          when s.age_days < 2 then case when s.r_status < 0.05 then 'pending' when s.r_status < 0.80 then 'processing'
            when s.r_status < 0.97 then 'shipped' else 'cancelled' end
          when s.age_days < 8 then case when s.r_status < 0.10 then 'processing' when s.r_status < 0.40 then 'shipped'
            when s.r_status < 0.55 then 'out_for_delivery' when s.r_status < 0.95 then 'delivered' else 'cancelled' end
          else case when s.r_status < 0.005 then 'processing' when s.r_status < 0.90 then 'delivered'
            when s.r_status < 0.94 then 'cancelled' when s.r_status < 0.955 then 'returning'
            when s.r_status < 0.99 then 'returned' else 'lost' end
        end as status
      from src s
    ),
    item_spec as (
      select s.n, p.id as product_id, p.sku, p.name, p.weight_text, p.price_paise,
        case when (s.n * ${K3} + j) % 5 = 0 then 2 else 1 end as quantity
      from shaped s
      cross join generate_series(0, (s.n % 3)::int) as j
      join prod p on p.k = ((s.n * ${K4} + j * 7) % (select n from prod_count))
    ),
    totals as (
      select n, sum(quantity * price_paise)::int as subtotal from item_spec group by n
    ),
    new_orders as (
      insert into orders (order_number, customer_id, status, payment_method, subtotal_paise, shipping_paise,
        discount_paise, total_paise, ship_name, ship_line1, ship_line2, ship_city, ship_state, ship_pincode,
        contact_phone, contact_email, attention_kind, attention_reason, placed_at, updated_at,
        address_check_state)
      select
        ${ORDER_NUMBER_PREFIX} || (${p.base}::bigint + s.n)::text,
        c.id,
        s.status,
        case when s.r_pay < 0.35 then 'cod' else 'prepaid' end,
        t.subtotal,
        case when t.subtotal >= 49900 then 0 else 4900 end,
        case when s.r_misc < 0.1 and t.subtotal > 50000 then 5000 else 0 end,
        t.subtotal + (case when t.subtotal >= 49900 then 0 else 4900 end)
          - (case when s.r_misc < 0.1 and t.subtotal > 50000 then 5000 else 0 end),
        c.name,
        (1 + s.n % 240)::text || ', ' || (${localities}::text[])[c.place],
        case when s.n % 2 = 0 then 'Near ' || (array['City Hospital', 'Post Office', 'Ganesh Temple', 'Bus Stand'])[1 + (s.n % 4)::int] end,
        (${cities}::text[])[c.place],
        (${states}::text[])[c.place],
        (${pincodes}::text[])[c.place],
        -- One order in ten is a gift: someone else's phone at the door.
        case when s.r_misc > 0.9 then '9' || lpad(((s.n * ${K2}) % 1000000000)::text, 9, '0') else c.phone end,
        c.email,
        case when s.r_misc > 0.998 then 'review' end,
        case when s.r_misc > 0.998 then 'Address looks incomplete' end,
        s.placed_at,
        s.placed_at + interval '1 hour',
        -- Checked at intake, as a store running this version has them: a bench's product would
        -- otherwise spend its run on the start's backfill of a million orders.
        'ok'
      from shaped s
      join totals t on t.n = s.n
      join cust c on c.rn = (s.n * 7919) % ${p.customerCount}::bigint
      returning id, order_number, status, payment_method, total_paise, placed_at
    ),
    new_items as (
      insert into order_items (order_id, product_id, sku, name, quantity, unit_price_paise, weight_text)
      select o.id, i.product_id, i.sku, i.name, i.quantity, i.price_paise, i.weight_text
      from item_spec i
      join new_orders o on o.order_number = ${ORDER_NUMBER_PREFIX} || (${p.base}::bigint + i.n)::text
      returning 1
    ),
    new_shipments as (
      insert into shipments (order_id, booking_state, status, carrier_status_code, client_ref, provider_shipment_id,
        awb, courier_id, courier_name, weight_grams, length_cm, breadth_cm, height_cm, cod_amount_paise,
        booked_at, last_event_at, created_at, updated_at)
      select o.id, 'booked',
        case o.status when 'shipped' then 'in_transit' when 'out_for_delivery' then 'out_for_delivery'
          when 'delivered' then 'delivered' when 'returning' then 'rto_in_transit' when 'returned' then 'rto_delivered'
          else 'lost' end,
        case o.status when 'shipped' then '22' when 'out_for_delivery' then '26' when 'delivered' then '21'
          when 'returning' then '27' when 'returned' then '23' else '14' end,
        o.order_number || '-1',
        (900000000 + o.id)::text,
        -- 13 digits, Delhivery-like; distinct from the demo AWBs, unique because ids are.
        '1' || lpad(o.id::text, 12, '0'),
        (${courierIds}::text[])[1 + (o.id % ${COURIERS.length})::int],
        (${courierNames}::text[])[1 + (o.id % ${COURIERS.length})::int],
        500 + (o.id % 5)::int * 250, 20, 15, 10,
        case when o.payment_method = 'cod' then o.total_paise else 0 end,
        o.placed_at + interval '20 hours',
        least(o.placed_at + interval '3 days', ${p.now}::timestamptz),
        o.placed_at + interval '20 hours',
        least(o.placed_at + interval '3 days', ${p.now}::timestamptz)
      from new_orders o
      where o.status in ('shipped', 'out_for_delivery', 'delivered', 'returning', 'returned', 'lost')
      returning 1
    )
    select
      (select count(*) from new_orders)::text as orders,
      (select count(*) from new_customers)::text as customers,
      (select count(*) from new_items)::text as items,
      (select count(*) from new_shipments)::text as shipments
  `;
}
