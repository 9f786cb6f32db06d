import type { ParcelBox } from '@app/shipping';
import type { OrderSource, PaymentMethod } from '../schema';
import type { DbExecutor } from './db-executor';
import {
  toOrderItemRecord,
  toOrderRecord,
  type OrderItemRecord,
  type OrderRecord,
  type StoredAddressCheck,
} from './order.repository';
import { catalogueValues } from './product.repository';
import { intakeCustomerValues, type IntakeCustomer } from './customer.repository';
import { IdempotencyClaimLostError, type IdempotencyRecord } from './idempotency.repository';
import { answeredIntakeStatement, intakeStatement, type ORDER_COLUMNS } from './order-intake.statement';
import { allocateOrderIds, topUpOrderNumbers, type AllocatedOrderIds } from './order-ids.repository';

/**
 * An answer to store on a claim (insertIntakeOrders' storeAnswer). The body's `createdProducts` is
 * set by the statement that writes the order: the SKUs it added to the catalogue, in item order.
 */
export interface StoredAnswer {
  claim: Pick<IdempotencyRecord, 'apiKeyId' | 'key' | 'createdAt'>;
  answer: { status: number; body: Record<string, unknown>; now: Date };
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
  customer: IntakeCustomer;
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

/**
 * An order as the write statement will store it, before it runs (insertIntakeOrders' storeAnswer):
 * id and number drawn; its customer, its items' products and the SKUs it adds to the catalogue are
 * the statement's to find.
 */
export interface PlannedIntakeOrder {
  orderId: string;
  orderNumber: string;
  externalId: string;
  order: Omit<OrderRecord, 'customerId'>;
  items: Omit<OrderItemRecord, 'productId'>[];
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

/**
 * Inserts validated orders with their items, history, notes, customers and catalogue entries in
 * ONE statement (data-modifying CTEs; foreign keys are checked at its end), however many orders.
 * `db` is the caller's transaction, or the pool when that one statement is the whole write (its own
 * implicit transaction: the Orders API's create with nothing else to record). Callers check the
 * natural key and store-given order numbers first; the unique indexes on (source, external_id) and
 * order_number are the backstop and surface as a unique violation (23505), which writes nothing.
 * Customers are matched by mobile number; SKUs the catalogue does not know are created from the item.
 */
export async function insertIntakeOrders(
  db: DbExecutor,
  orders: readonly IntakeOrder[],
  now: Date,
  options: {
    /** Ids and numbers drawn already (openApiWrite draws them with the claim); else drawn here first. */
    allocated?: AllocatedOrderIds;
    /**
     * The Orders API's answer for these orders, stored on its idempotency claim by the statement that
     * writes them (completeIdempotencyKey's update as a CTE). When the claim was taken over
     * meanwhile (the statement locks it first), IdempotencyClaimLostError is thrown and nothing is written.
     */
    storeAnswer?: (planned: readonly PlannedIntakeOrder[]) => StoredAnswer;
  } = {},
): Promise<IntakeResult[]> {
  if (orders.length === 0) return [];
  const numbered = orders.filter((o) => o.orderNumber === null).length;
  const { ids, numbers: generated } = options.allocated
    ? await topUpOrderNumbers(db, { ...options.allocated, numbered })
    : await allocateOrderIds(db, orders.length, numbered);
  let nextGenerated = 0;
  const rows = orders.map((order, index) => {
    const subtotal = order.items.reduce((sum, i) => sum + i.quantity * i.unitPricePaise, 0);
    const box = order.package ?? null;
    const check = order.addressCheck;
    return {
      id: ids[index] ?? '0',
      order_number: order.orderNumber ?? generated[nextGenerated++] ?? '',
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
      alternate_phone: order.alternatePhone ?? null,
      package_length_cm: box?.lengthCm ?? null,
      package_breadth_cm: box?.breadthCm ?? null,
      package_height_cm: box?.heightCm ?? null,
      address_check_state: check?.state ?? null,
      address_problems: (check?.problems ?? []).map((p) => ({ code: p.code, message: p.message })),
    } satisfies Record<(typeof ORDER_COLUMNS)[number], unknown>;
  });
  const itemRows = orders.flatMap((order, index) =>
    order.items.map((item) => ({
      order_id: rows[index]?.id ?? '0',
      sku: item.sku,
      name: item.name,
      quantity: item.quantity,
      unit_price_paise: item.unitPricePaise,
      // Only the source's own weight: otherwise the product decides, now and after it is fixed.
      weight_text: item.weightText,
    })),
  );
  const planned = orders.map((order, index): PlannedIntakeOrder => {
    const row = rows[index];
    if (!row) throw new Error(`order ${order.externalId} was not planned`);
    const { customerId: _unknown, ...record } = toOrderRecord({
      ...row,
      customer_id: '',
      address_problems: order.addressCheck?.problems ?? [],
      attention_kind: null,
      attention_reason: null,
      ...NO_COD_CONFIRMATION,
    });
    return {
      orderId: row.id,
      orderNumber: row.order_number,
      externalId: order.externalId,
      order: record,
      // Item ids are not known before the insert; nothing that reads a planned order needs them.
      items: itemRows
        .filter((i) => i.order_id === row.id)
        .map((i) => {
          const { productId: _none, ...item } = toOrderItemRecord({ ...i, id: '', product_id: null });
          return item;
        }),
    };
  });
  const answer = options.storeAnswer?.(planned);
  const catalogue = catalogueValues(
    orders.flatMap((o) =>
      o.items.map((i) => ({ sku: i.sku, name: i.name, weightText: i.weightText, pricePaise: i.unitPricePaise })),
    ),
  );
  const history = orders.map((order, index) => ({
    order_id: rows[index]?.id ?? '0',
    order_status: order.status,
    source: 'system',
    description: order.receivedVia,
    recorded_at: now,
    occurred_at: order.placedAt ?? now,
  }));
  const notes = orders.flatMap((order, index) =>
    order.note === null
      ? []
      : [
          {
            order_id: rows[index]?.id ?? '0',
            kind: 'note',
            body: `Note from the store: ${order.note}`.slice(0, 4000),
            created_at: now,
          },
        ],
  );
  const values = {
    now,
    catalogue: JSON.stringify(catalogue.values),
    customers: intakeCustomerValues(orders.map((o) => o.customer)),
    orders: JSON.stringify(rows),
    items: JSON.stringify(itemRows),
    history: JSON.stringify(history),
    notes: JSON.stringify(notes),
  };
  const statement = answer
    ? answeredIntakeStatement(db, {
        ...values,
        apiKeyId: answer.claim.apiKeyId,
        key: answer.claim.key,
        claimedAt: answer.claim.createdAt,
        status: answer.answer.status,
        body: JSON.stringify(answer.answer.body),
        skus: JSON.stringify(catalogue.skus),
        answeredAt: answer.answer.now,
      })
    : intakeStatement(db, values);
  const { rows: written } = await db.executeQuery(statement);

  const result = written[0];
  if (!result) throw new Error('the intake statement returned no row');
  if (answer && !result.answered) throw new IdempotencyClaimLostError();
  // A SKU another transaction added meanwhile is in neither half of `catalogue` (not visible to the
  // statement's snapshot): its items are linked now that its insert has committed.
  if (result.unlinked > 0) await linkItemsToProducts(db, ids);

  const customerByPhone = new Map(result.customers.map((c) => [c.phone, c.id]));
  const products = new Map<string, { id: string; created: boolean }>();
  for (const p of result.products) if (!products.has(p.sku) || p.created) products.set(p.sku, p);
  const claimedSkus = new Set<string>();
  return planned.map((plan, index): IntakeResult => {
    const order = orders[index];
    const createdSkus = [...new Set(order?.items.map((i) => i.sku) ?? [])].filter((sku) => {
      if (!products.get(sku)?.created || claimedSkus.has(sku)) return false;
      claimedSkus.add(sku);
      return true;
    });
    return {
      orderId: plan.orderId,
      orderNumber: plan.orderNumber,
      externalId: plan.externalId,
      createdSkus,
      order: { ...plan.order, customerId: customerByPhone.get(order?.customer.phone ?? '') ?? '' },
      items: plan.items.map((item) => ({ ...item, productId: products.get(item.sku)?.id ?? null })),
    };
  });
}

/** Links these orders' items without a product to the catalogue entry of their SKU. */
async function linkItemsToProducts(db: DbExecutor, orderIds: readonly string[]): Promise<void> {
  await db
    .updateTable('order_items')
    .set((eb) => ({
      product_id: eb.selectFrom('products').select('products.id').whereRef('products.sku', '=', 'order_items.sku'),
    }))
    .where('order_id', 'in', [...orderIds])
    .where('product_id', 'is', null)
    .execute();
}
