import type { ParcelBox } from '@app/shipping';
import { sql, type Transaction } from 'kysely';
import type { CustomerLanguage, DB, EventType, OrderSource, PaymentMethod } from '../schema';
import type { DbExecutor } from './db-executor';
import {
  addressCheckColumns,
  ORDER_NUMBER_PREFIX,
  toOrderItemRecord,
  toOrderRecord,
  type OrderItemRecord,
  type OrderRecord,
  type StoredAddressCheck,
} from './order.repository';
import { catalogueCtes, catalogueValues, productsFromRows } from './product.repository';
import {
  completeIdempotencyKeyQuery,
  IdempotencyClaimLostError,
  type IdempotencyRecord,
} from './idempotency.repository';

/** What insertIntakeOrders' readAfterWrite read: listEnabledEventEndpoints (ids and types) and findSetting's values. */
export interface OutboxReads {
  eventEndpoints: { id: string; eventTypes: EventType[] | null }[];
  /** The settings asked for that have a value. */
  settings: Map<string, string>;
}

/** An answer to store on a claim (insertIntakeOrders' storeAnswer). */
export interface StoredAnswer {
  claim: Pick<IdempotencyRecord, 'apiKeyId' | 'key' | 'createdAt'>;
  answer: { status: number; body: unknown; now: Date };
}

/** Sources whose orders carry an external id (everything but orders made inside the product). */
export type IntakeSource = Exclude<OrderSource, 'manual'>;

/** An order as every intake (API, CSV, channels) hands it over: validated and normalised already. */
export interface IntakeOrder {
  source: IntakeSource;
  externalId: string;
  /** The store's own number in any format ("#1001", "SR/88421-A"); null = generate one. */
  orderNumber: string | null;
  placedAt: Date | null;
  status: 'pending' | 'processing';
  paymentMethod: PaymentMethod;
  /** COD only; null = collect the total. */
  codAmountPaise: number | null;
  /** whatsappOptIn: the source's explicit statement (true grants, false withdraws), null = none (leave it). */
  customer: {
    name: string;
    phone: string;
    email: string | null;
    whatsappOptIn: boolean | null;
    /** The language the source states ('en', 'hi'); null or absent = none (a known customer keeps theirs). */
    language?: CustomerLanguage | null;
  };
  shippingAddress: { name: string; line1: string; line2: string | null; city: string; state: string; pincode: string };
  items: { sku: string; name: string; quantity: number; unitPricePaise: number; weightText: string | null }[];
  shippingPaise: number;
  discountPaise: number;
  /** Order-level charges beyond items and shipping (a COD fee, a line that does not ship); default 0. */
  feesPaise?: number;
  /** Tax included in the amounts above, for the record; default 0. */
  taxPaise?: number;
  /** The channel's version of the order (Shopify updated_at, WooCommerce date_modified_gmt). */
  sourceUpdatedAt?: Date | null;
  /** The number the store knows the order by, kept findable when orderNumber could not be it. */
  storeOrderNumber?: string | null;
  /** The customer's second mobile (10 digits); undefined = the source does not say (an update keeps the stored one). */
  alternatePhone?: string | null;
  /** The box the source declares (whole cm); undefined = the source does not say (an update keeps the stored one). */
  package?: ParcelBox | null;
  note: string | null;
  /** The address check computed for this address (the API computes it before writing); absent = not checked. */
  addressCheck?: StoredAddressCheck;
  /** How the order history says it arrived, e.g. "Received through the Orders API". */
  receivedVia: string;
}

/** What the order's parts add up to: items + shipping + fees - discount. */
export function intakeTotalPaise(order: IntakeOrder): number {
  const subtotal = order.items.reduce((sum, i) => sum + i.quantity * i.unitPricePaise, 0);
  return subtotal + order.shippingPaise + (order.feesPaise ?? 0) - order.discountPaise;
}

export interface IntakeResult {
  orderId: string;
  orderNumber: string;
  externalId: string;
  /** SKUs this order added to the catalogue. */
  createdSkus: string[];
  /** The order as stored, so callers can answer without reading it back. */
  order: OrderRecord;
  /** Its items as stored; weightText is the item's own (a product's weight is not looked up here). */
  items: OrderItemRecord[];
}

/**
 * The columns of the optional intake fields. A field the source does not state (undefined) takes
 * `absent`'s value: null for a new order; for an update, nothing (the stored value stays).
 */
export function intakeExtraColumns<T extends null | undefined>(
  order: Pick<IntakeOrder, 'alternatePhone' | 'package'>,
  absent: { alternate_phone: T; package: T },
): {
  alternate_phone: string | null | T;
  package_length_cm: number | null | T;
  package_breadth_cm: number | null | T;
  package_height_cm: number | null | T;
} {
  const box = order.package;
  return {
    alternate_phone: order.alternatePhone === undefined ? absent.alternate_phone : order.alternatePhone,
    package_length_cm: box === undefined ? absent.package : (box?.lengthCm ?? null),
    package_breadth_cm: box === undefined ? absent.package : (box?.breadthCm ?? null),
    package_height_cm: box === undefined ? absent.package : (box?.heightCm ?? null),
  };
}

/** The orders a source already sent, by its external ids. */
export async function findOrdersByExternalIds(
  db: DbExecutor,
  source: IntakeSource,
  externalIds: readonly string[],
): Promise<Map<string, OrderRecord>> {
  const result = new Map<string, OrderRecord>();
  if (externalIds.length === 0) return result;
  const rows = await db
    .selectFrom('orders')
    .selectAll()
    .where('source', '=', source)
    .where('external_id', 'in', [...new Set(externalIds)])
    .execute();
  for (const row of rows) if (row.external_id !== null) result.set(row.external_id, toOrderRecord(row));
  return result;
}

/** Which of these order numbers are in use already (compared case-insensitively, as search does). */
export async function findTakenOrderNumbers(db: DbExecutor, orderNumbers: readonly string[]): Promise<Set<string>> {
  if (orderNumbers.length === 0) return new Set();
  const wanted = [...new Set(orderNumbers.map((n) => n.toUpperCase()))];
  const rows = await db
    .selectFrom('orders')
    .select(sql<string>`upper(order_number)`.as('n'))
    .where(sql`upper(order_number)`, 'in', wanted)
    .execute();
  const taken = new Set(rows.map((r) => r.n));
  return new Set(orderNumbers.filter((n) => taken.has(n.toUpperCase())));
}

/** `count` unused order numbers (FB-...), from order_number_seq, skipping numbers already taken. */
async function nextOrderNumbers(tx: Transaction<DB>, count: number): Promise<string[]> {
  const numbers: string[] = [];
  while (numbers.length < count) {
    const { rows } = await sql<{ n: string }>`
      select nextval('order_number_seq')::text as n from generate_series(1, ${count - numbers.length})`.execute(tx);
    const candidates = rows.map((r) => `${ORDER_NUMBER_PREFIX}${r.n}`);
    const taken = await findTakenOrderNumbers(tx, candidates);
    numbers.push(...candidates.filter((c) => !taken.has(c)));
    if (taken.size > 0) {
      // Numbers made outside the sequence (bulk seed, imports) overlap it: jump past them once.
      await sql`
        select setval('order_number_seq', greatest(nextval('order_number_seq'), coalesce(
          (select max(substring(order_number from '^FB-([0-9]{1,15})$')::bigint) from orders where order_number ~ '^FB-[0-9]{1,15}$'),
          0) + 1))`.execute(tx);
    }
  }
  return numbers;
}

/**
 * The customer id for each order's mobile number: the oldest customer with it, else a new one made
 * from the order. An explicit WhatsApp statement (the last one for a phone among these orders) is
 * recorded on a known customer too: true grants, false withdraws, each with its time; none leaves
 * the consent as it is. The same statement (data-modifying CTEs, however many orders) draws the
 * orders' ids and numbers (orderIdsSql), in the order of `orders`.
 */
async function ensureCustomersAndOrderIds(
  tx: Transaction<DB>,
  orders: readonly IntakeOrder[],
  now: Date,
): Promise<{
  customerByPhone: Map<string, string>;
  ids: string[];
  numbers: string[];
  products: Map<string, { id: string; created: boolean }>;
}> {
  // The catalogue entries (ensureProducts) come from the same statement too.
  const catalogue = catalogueValues(
    orders.flatMap((o) =>
      o.items.map((i) => ({ sku: i.sku, name: i.name, weightText: i.weightText, pricePaise: i.unitPricePaise })),
    ),
  );
  const numbered = orders.filter((o) => o.orderNumber === null).length;
  const byPhone = new Map<
    string,
    { phone: string; name: string; email: string | null; opt_in: boolean | null; lang: CustomerLanguage | null }
  >();
  for (const order of orders) {
    const c = order.customer;
    const lang = c.language ?? null;
    const known = byPhone.get(c.phone);
    if (!known) byPhone.set(c.phone, { phone: c.phone, name: c.name, email: c.email, opt_in: c.whatsappOptIn, lang });
    else {
      if (c.whatsappOptIn !== null) known.opt_in = c.whatsappOptIn;
      if (lang !== null) known.lang = lang;
    }
  }
  const values = [...byPhone.values()];
  // One update per customer row: a consent change stamps its time; a stated language replaces the stored one.
  // The orders' ids and numbers come from the same statement (see allocateOrderIds): one round trip less.
  const { rows } = await sql<{
    id: string;
    phone: string | null;
    num: string | null;
    taken: boolean | null;
    sku: string | null;
    created: boolean | null;
  }>`
    with ${catalogueCtes(catalogue, now)},
    v as (
      select * from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
        as x(phone text, name text, email text, opt_in boolean, lang text)
    ),
    existing as (
      select distinct on (c.phone) c.id, c.phone from customers c where c.phone in (select phone from v) order by c.phone, c.id
    ),
    consent as (
      update customers c set
        whatsapp_opt_in = coalesce(v.opt_in, c.whatsapp_opt_in),
        whatsapp_opt_in_at = case when v.opt_in and c.whatsapp_opt_in is distinct from v.opt_in
          then ${now}::timestamptz else c.whatsapp_opt_in_at end,
        whatsapp_opt_out_at = case when v.opt_in = false and c.whatsapp_opt_in is distinct from v.opt_in
          then ${now}::timestamptz else c.whatsapp_opt_out_at end,
        language = coalesce(v.lang, c.language)
      from existing e join v on v.phone = e.phone
      where c.id = e.id and (
        (v.opt_in is not null and c.whatsapp_opt_in is distinct from v.opt_in)
        or (v.lang is not null and c.language is distinct from v.lang)
      )
      returning c.id
    ),
    created as (
      insert into customers (name, email, phone, whatsapp_opt_in, whatsapp_opt_in_at, whatsapp_opt_out_at, created_at, language)
      select v.name, v.email, v.phone, coalesce(v.opt_in, false),
        case when v.opt_in then ${now}::timestamptz end,
        case when v.opt_in = false then ${now}::timestamptz end,
        ${now}::timestamptz, coalesce(v.lang, 'en')
      from v where v.phone not in (select phone from existing)
      returning id, phone
    ),
    ${orderIdsSql(orders.length, numbered)}
    select id::text as id, phone, null::text as num, null::boolean as taken, null::text as sku, null::boolean as created
    from existing
    union all
    select id::text as id, phone, null, null, null, null from created
    union all
    select id, null, num, taken, null, null from order_ids
    union all
    select id, null, null, null, sku, created from catalogue`.execute(tx);
  const customerByPhone = new Map<string, string>();
  const orderRows: { id: string; num: string | null; taken: boolean }[] = [];
  const productRows: { id: string; sku: string; created: boolean }[] = [];
  for (const r of rows) {
    if (r.phone !== null) customerByPhone.set(r.phone, r.id);
    else if (r.sku !== null) productRows.push({ id: r.id, sku: r.sku, created: r.created ?? false });
    else orderRows.push({ id: r.id, num: r.num, taken: r.taken ?? false });
  }
  const products = await productsFromRows(tx, catalogue, productRows);
  return { customerByPhone, products, ...(await orderIdsFrom(tx, orderRows, numbered)) };
}

/**
 * A CTE `order_ids` of `count` order ids and `numbered` order numbers (FB-...) drawn from the
 * sequences, each number flagged when it is taken already (made outside the sequence).
 */
function orderIdsSql(count: number, numbered: number) {
  return sql`order_ids as (
      select g.id, g.num, g.num is not null and exists (
        select 1 from orders o where upper(o.order_number) = upper(g.num)
      ) as taken
      from (
        select nextval(pg_get_serial_sequence('orders', 'id'))::text as id,
          case when n <= ${numbered} then ${ORDER_NUMBER_PREFIX} || nextval('order_number_seq')::text end as num
        from generate_series(1, ${count}) as n
      ) as g
    )`;
}

/** The ids, in order, and `numbered` unused numbers: taken ones are skipped, drawing more when needed. */
async function orderIdsFrom(
  tx: Transaction<DB>,
  rows: readonly { id: string; num: string | null; taken: boolean }[],
  numbered: number,
): Promise<{ ids: string[]; numbers: string[] }> {
  const ids = rows.map((r) => r.id);
  const numbers = rows.filter((r) => r.num !== null && !r.taken).map((r) => r.num ?? '');
  if (numbers.length < numbered) numbers.push(...(await nextOrderNumbers(tx, numbered - numbers.length)));
  return { ids, numbers };
}

/**
 * Inserts validated orders with their items, customers and catalogue entries in one go (a few
 * multi-row statements however many orders), inside the caller's transaction. Callers check the
 * natural key and store-given order numbers first; the unique indexes on (source, external_id)
 * and order_number are the backstop and surface as a unique violation (23505) that rolls the
 * transaction back. Customers are matched by mobile number; SKUs the catalogue does not know are
 * created from the item.
 */
/** A new order's confirmation columns: none until the intake asks the customer (see markCodConfirmationRequested). */
const NO_COD_CONFIRMATION = {
  cod_confirmation: null,
  cod_confirmation_requested_at: null,
  cod_confirmation_expires_at: null,
  cod_confirmation_answered_at: null,
  cod_confirmation_via: null,
  cod_confirmation_override_by: null,
  cod_confirmation_override_at: null,
};

export async function insertIntakeOrders(
  tx: Transaction<DB>,
  orders: readonly IntakeOrder[],
  now: Date,
  options: {
    /**
     * Called with the orders as they will be stored (ids and numbers allocated) before any order
     * row is written. Writing an order takes the row lock of its status's count until commit, so
     * work that can happen before it (storing the API's answer) should happen here.
     */
    beforeWrite?: (planned: readonly IntakeResult[]) => Promise<void>;
    /**
     * The Orders API's answer for these orders, stored on its idempotency claim in the statement
     * that writes them (completeIdempotencyKey's update as a CTE: one round trip less). When the
     * claim was taken over meanwhile, IdempotencyClaimLostError is thrown: roll the transaction back.
     */
    storeAnswer?: (planned: readonly IntakeResult[]) => StoredAnswer;
    /**
     * Read in the statement that writes the orders, in the same transaction, what the work after it
     * needs (OutboxReads): the enabled event endpoints and these settings. One round trip less each.
     */
    readAfterWrite?: { settingKeys: readonly string[]; onRead: (read: OutboxReads) => void };
  } = {},
): Promise<IntakeResult[]> {
  if (orders.length === 0) return [];
  const { customerByPhone, ids, numbers: generated, products } = await ensureCustomersAndOrderIds(tx, orders, now);
  let nextGenerated = 0;
  const rows = orders.map((order, index) => {
    const subtotal = order.items.reduce((sum, i) => sum + i.quantity * i.unitPricePaise, 0);
    const orderNumber = order.orderNumber ?? generated[nextGenerated++] ?? '';
    return {
      id: ids[index] ?? '0',
      order_number: orderNumber,
      customer_id: customerByPhone.get(order.customer.phone) ?? '0',
      status: order.status,
      payment_method: order.paymentMethod,
      subtotal_paise: subtotal,
      shipping_paise: order.shippingPaise,
      discount_paise: order.discountPaise,
      fees_paise: order.feesPaise ?? 0,
      tax_paise: order.taxPaise ?? 0,
      total_paise: subtotal + order.shippingPaise + (order.feesPaise ?? 0) - order.discountPaise,
      ship_name: order.shippingAddress.name,
      ship_line1: order.shippingAddress.line1,
      ship_line2: order.shippingAddress.line2,
      ship_city: order.shippingAddress.city,
      ship_state: order.shippingAddress.state,
      ship_pincode: order.shippingAddress.pincode,
      contact_phone: order.customer.phone,
      contact_email: order.customer.email,
      placed_at: order.placedAt ?? now,
      updated_at: now,
      source: order.source,
      external_id: order.externalId,
      cod_amount_paise: order.paymentMethod === 'cod' ? order.codAmountPaise : null,
      source_updated_at: order.sourceUpdatedAt ?? null,
      store_order_number: order.storeOrderNumber ?? null,
      ...intakeExtraColumns(order, { alternate_phone: null, package: null }),
      ...(order.addressCheck ? addressCheckColumns(order.addressCheck) : {}),
    };
  });
  const idByExternal = new Map(rows.map((r) => [r.external_id, r]));
  const itemRows = orders.flatMap((order) => {
    const orderId = idByExternal.get(order.externalId)?.id ?? '0';
    return order.items.map((item) => ({
      order_id: orderId,
      product_id: products.get(item.sku)?.id ?? null,
      sku: item.sku,
      name: item.name,
      quantity: item.quantity,
      unit_price_paise: item.unitPricePaise,
      // Only the source's own weight: otherwise the product decides, now and after it is fixed.
      weight_text: item.weightText,
    }));
  });
  const itemsByOrder = new Map<string, OrderItemRecord[]>();
  for (const row of itemRows) {
    const list = itemsByOrder.get(row.order_id) ?? [];
    // Item ids are not known before the insert; nothing that reads a planned order needs them.
    list.push(toOrderItemRecord({ ...row, id: '' }));
    itemsByOrder.set(row.order_id, list);
  }
  const claimedSkus = new Set<string>();
  const results = orders.map((order): IntakeResult => {
    const row = idByExternal.get(order.externalId);
    if (!row) throw new Error(`order ${order.externalId} was not planned`);
    const createdSkus = [...new Set(order.items.map((i) => i.sku))].filter((sku) => {
      if (!products.get(sku)?.created || claimedSkus.has(sku)) return false;
      claimedSkus.add(sku);
      return true;
    });
    return {
      orderId: row.id,
      orderNumber: row.order_number,
      externalId: order.externalId,
      createdSkus,
      order: toOrderRecord({
        ...row,
        attention_kind: null,
        attention_reason: null,
        placed_at: row.placed_at,
        address_check_state: order.addressCheck?.state ?? null,
        address_problems: order.addressCheck?.problems ?? [],
        ...NO_COD_CONFIRMATION,
      }),
      items: itemsByOrder.get(row.id) ?? [],
    };
  });
  await options.beforeWrite?.(results);
  const answer = options.storeAnswer?.(results);

  // One statement for orders, items and history (data-modifying CTEs; foreign keys are checked at
  // its end): the order insert locks its status's count row until commit, so the fewer round
  // trips after it, the more creates run in parallel.
  const written = await tx
    .with('answered', (db) =>
      answer
        ? completeIdempotencyKeyQuery(db, answer.claim, answer.answer).returning(sql<number>`1`.as('one'))
        : db.selectNoFrom(sql<number>`1`.as('one')),
    )
    .with('new_orders', (db) => db.insertInto('orders').values(rows))
    .with('new_items', (db) => db.insertInto('order_items').values(itemRows))
    .insertInto('status_history')
    .values(
      orders.map((order) => ({
        order_id: idByExternal.get(order.externalId)?.id ?? '0',
        order_status: order.status,
        source: 'system' as const,
        description: order.receivedVia,
        recorded_at: now,
        occurred_at: order.placedAt ?? now,
      })),
    )
    .returning(sql<boolean>`exists (select 1 from answered)`.as('answered'))
    .$if(options.readAfterWrite !== undefined, (q) =>
      q.returning([
        sql<{ id: string; event_types: EventType[] | null }[]>`(
          select coalesce(json_agg(json_build_object('id', e.id::text, 'event_types', e.event_types) order by e.id), '[]')
          from event_endpoints e where e.enabled)`.as('endpoints'),
        sql<{ key: string; value: string }[]>`(
          select coalesce(json_agg(json_build_object('key', s.key, 'value', s.value)), '[]')
          from app_settings s where s.key in (${sql.join([...(options.readAfterWrite?.settingKeys ?? []), ''])}))`.as(
          'settings',
        ),
      ]),
    )
    .execute();
  if (answer && !written[0]?.answered) throw new IdempotencyClaimLostError();
  if (options.readAfterWrite) {
    const first = written[0] as
      | { endpoints?: { id: string; event_types: EventType[] | null }[]; settings?: { key: string; value: string }[] }
      | undefined;
    options.readAfterWrite.onRead({
      eventEndpoints: (first?.endpoints ?? []).map((e) => ({ id: e.id, eventTypes: e.event_types })),
      settings: new Map((first?.settings ?? []).map((r) => [r.key, r.value])),
    });
  }
  const notes = orders.filter((o) => o.note !== null);
  if (notes.length > 0) {
    await tx
      .insertInto('order_notes')
      .values(
        notes.map((order) => ({
          order_id: idByExternal.get(order.externalId)?.id ?? '0',
          kind: 'note' as const,
          body: `Note from the store: ${order.note ?? ''}`.slice(0, 4000),
          created_at: now,
        })),
      )
      .execute();
  }

  return results;
}
