import { sql } from 'kysely';
import { catalogueCtes } from './product.repository';
import { intakeCustomersCtes } from './customer.repository';
import { completeIdempotencyKeyQuery } from './idempotency.repository';
import { compiledOnceWith } from './compiled-once';
import type { DbExecutor } from './db-executor';

// insertIntakeOrders' one statement (order-intake.repository.ts): catalogue, customers, order,
// items, history, notes and, for the Orders API, the stored answer, as data-modifying CTEs.

/** The orders columns an intake writes; the statement reads them from a JSON array of rows. */
export const ORDER_COLUMNS = [
  'id',
  'order_number',
  'status',
  'payment_method',
  'subtotal_paise',
  'shipping_paise',
  'discount_paise',
  'fees_paise',
  'tax_paise',
  'total_paise',
  'ship_name',
  'ship_line1',
  'ship_line2',
  'ship_city',
  'ship_state',
  'ship_pincode',
  'contact_phone',
  'contact_email',
  'placed_at',
  'updated_at',
  'source',
  'external_id',
  'cod_amount_paise',
  'source_updated_at',
  'store_order_number',
  'alternate_phone',
  'package_length_cm',
  'package_breadth_cm',
  'package_height_cm',
  'address_check_state',
  'address_problems',
] as const;
const ORDER_COLUMN_LIST = sql.raw(ORDER_COLUMNS.join(', '));
const ORDER_COLUMN_VALUES = sql.raw(ORDER_COLUMNS.map((c) => `o.${c}`).join(', '));

/** What insertIntakeOrders' statement reads, each bound as a parameter (JSON texts and the time). */
const INTAKE_VALUES = ['now', 'catalogue', 'customers', 'orders', 'items', 'history', 'notes'] as const;
/** And with an answer to store on the idempotency claim (the Orders API's create). */
const ANSWER_VALUES = [
  ...INTAKE_VALUES,
  'apiKeyId',
  'key',
  'claimedAt',
  'status',
  'body',
  'skus',
  'answeredAt',
] as const;

type IntakeRow = {
  customers: { phone: string; id: string }[];
  products: { sku: string; id: string; created: boolean }[];
  unlinked: number;
  answered: boolean;
};

/**
 * insertIntakeOrders' statement, without or with a stored answer. Its text is the same whatever the
 * orders (they arrive as JSON parameters), so it is built and compiled once (compiledOnceWith) and
 * each PostgreSQL connection prepares it once.
 */
function buildIntakeStatement(
  db: DbExecutor,
  i: Readonly<Record<(typeof INTAKE_VALUES)[number], unknown>>,
  /** The claim and answer values (ANSWER_VALUES), or null for the statement without an answer. */
  v: Readonly<Record<(typeof ANSWER_VALUES)[number], unknown>> | null,
) {
  // The answer's createdProducts: the SKUs this statement added, in the order the items name them.
  const answered = v
    ? completeIdempotencyKeyQuery(
        db,
        { apiKeyId: v.apiKeyId as string, key: v.key as string, createdAt: v.claimedAt as Date },
        { status: v.status as number, body: null, now: v.answeredAt as Date },
        sql`jsonb_set(${v.body}::jsonb, '{createdProducts}', (
          select coalesce(jsonb_agg(to_jsonb(s.sku) order by s.n), '[]'::jsonb)
          from jsonb_array_elements_text(${v.skus}::jsonb) with ordinality as s(sku, n)
          where s.sku in (select c.sku from catalogue c where c.created)))`,
      ).returning(sql<number>`1`.as('one'))
    : sql`select 1 as one`;

  // Every write below requires the claim (locked here) still to be this request's: one taken over
  // meanwhile makes the statement write nothing, even without a transaction around it.
  const claimOk = v
    ? sql`claim_ok as (
        select 1 from idempotency_keys
        where api_key_id = ${v.apiKeyId} and key = ${v.key}
          and state = 'running' and created_at = ${v.claimedAt}
        for update
      )`
    : sql`claim_ok as (select 1)`;
  const ok = sql`exists (select 1 from claim_ok)`;

  return sql<IntakeRow>`
    with ${claimOk},
    ${catalogueCtes({ values: i.catalogue, now: i.now }, ok)},
    ${intakeCustomersCtes({ customers: i.customers, now: i.now }, ok)},
    new_orders as (
      insert into orders (customer_id, ${ORDER_COLUMN_LIST})
      select (select c.id from cust c where c.phone = o.contact_phone), ${ORDER_COLUMN_VALUES}
      from jsonb_populate_recordset(null::orders, ${i.orders}::jsonb) o
      where ${ok}
    ),
    new_items as (
      insert into order_items (order_id, product_id, sku, name, quantity, unit_price_paise, weight_text)
      select i.order_id, (select c.id::bigint from catalogue c where c.sku = i.sku order by c.created desc limit 1),
        i.sku, i.name, i.quantity, i.unit_price_paise, i.weight_text
      from jsonb_populate_recordset(null::order_items, ${i.items}::jsonb) i
      where ${ok}
      returning product_id
    ),
    new_history as (
      insert into status_history (order_id, order_status, source, description, recorded_at, occurred_at)
      select h.order_id, h.order_status, h.source, h.description, h.recorded_at, h.occurred_at
      from jsonb_populate_recordset(null::status_history, ${i.history}::jsonb) h
      where ${ok}
    ),
    new_notes as (
      insert into order_notes (order_id, kind, body, created_at)
      select n.order_id, n.kind, n.body, n.created_at
      from jsonb_populate_recordset(null::order_notes, ${i.notes}::jsonb) n
      where ${ok}
    ),
    answered as (${answered})
    select
      (select coalesce(json_agg(json_build_object('phone', c.phone, 'id', c.id::text)), '[]') from cust c) as customers,
      (select coalesce(json_agg(json_build_object('sku', c.sku, 'id', c.id, 'created', c.created)), '[]') from catalogue c) as products,
      (select count(*) from new_items where product_id is null)::int as unlinked,
      exists (select 1 from answered) as answered`.compile(db);
}

/** The statement for orders with no answer to store (CSV and channel batches). */
export const intakeStatement = compiledOnceWith(INTAKE_VALUES, (db, v) => buildIntakeStatement(db, v, null));
/** The statement that also stores the Orders API's answer on its claim. */
export const answeredIntakeStatement = compiledOnceWith(ANSWER_VALUES, (db, v) => buildIntakeStatement(db, v, v));
