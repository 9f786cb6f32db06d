import type { OrderStatus, ParcelBox } from '@app/shipping';
import { sql, type Transaction } from 'kysely';
import type {
  AddressCheckState,
  AttentionKind,
  CodConfirmationState,
  CodConfirmationVia,
  DB,
  Order,
  OrderItem,
  OrderSource,
  PaymentMethod,
  StoredAddressProblem,
} from '../schema';
import { toCustomerRecord, type CustomerRecord } from './customer.repository';
import type { DbExecutor } from './db-executor';
import { NotFoundError } from './errors';
import { isRowId } from './ids';
import { selectItemsWithWeights } from './order-items.query';
import { toStatusHistoryRecord, type StatusHistoryRecord } from './history.repository';
import { toOrderNoteRecord, type OrderNoteRecord } from './note.repository';
import { pickCurrentShipment, toShipmentRecord, type ShipmentRecord } from './shipment.repository';

/** Order numbers read "FB-10427"; search accepts the digits alone. */
export const ORDER_NUMBER_PREFIX = 'FB-';

export interface ShippingAddress {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  /** As the customer typed it ("Maharashtra", "MH", "Orissa"). */
  state: string;
  pincode: string;
}

export interface OrderRecord {
  id: string;
  orderNumber: string;
  customerId: string;
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  subtotalPaise: number;
  shippingPaise: number;
  discountPaise: number;
  /** Order-level charges beyond items and shipping (fee lines, lines that do not ship); in the total. */
  feesPaise: number;
  /** Tax included in the amounts above, for the record (never added again). */
  taxPaise: number;
  /** subtotal + shipping + fees - discount. */
  totalPaise: number;
  shippingAddress: ShippingAddress;
  contactPhone: string;
  contactEmail: string | null;
  /** Derived: attentionKind is not null. */
  needsAttention: boolean;
  attentionKind: AttentionKind | null;
  attentionReason: string | null;
  placedAt: Date;
  updatedAt: Date;
  /** Where the order came from; with externalId, the natural key every intake is idempotent on. */
  source: OrderSource;
  /** The source's own id for the order (null for 'manual'). */
  externalId: string | null;
  /** What the courier collects on a COD order: the store's amount, else the total. 0 when prepaid. */
  codAmountPaise: number;
  /** The number the store and its customer know the order by, when it has one ("#1001", "WCX19102"). */
  storeOrderNumber: string | null;
  /** The version of the order its channel last stated (Shopify updated_at, WooCommerce date_modified_gmt). */
  sourceUpdatedAt: Date | null;
  /** The customer's second mobile (10 digits), given to the courier for a failed delivery. */
  alternatePhone: string | null;
  /** The box the order's source declared (whole cm); null = the store's default box. */
  package: ParcelBox | null;
  /** The address check as last computed (on intake, and whenever the address changed); null = not yet. */
  addressCheck: StoredAddressCheck | null;
  /** Whether the customer confirmed this COD order (issue 24); `not_needed` for every other order. */
  codConfirmation: CodConfirmationRecord;
}

export interface StoredAddressCheck {
  state: AddressCheckState;
  problems: StoredAddressProblem[];
}

/** The columns an address check is stored in (insert or update). */
export function addressCheckColumns(check: StoredAddressCheck): {
  address_check_state: AddressCheckState;
  address_problems: string;
} {
  return {
    address_check_state: check.state,
    address_problems: JSON.stringify(check.problems.map((p) => ({ code: p.code, message: p.message }))),
  };
}

/** Stores a freshly computed address check on an order. */
export async function setOrderAddressCheck(db: DbExecutor, orderId: string, check: StoredAddressCheck): Promise<void> {
  await db.updateTable('orders').set(addressCheckColumns(check)).where('id', '=', orderId).execute();
}

export interface CodConfirmationRecord {
  state: CodConfirmationState;
  requestedAt: Date | null;
  /** When a pending request counts as expired. */
  expiresAt: Date | null;
  answeredAt: Date | null;
  via: CodConfirmationVia | null;
  /** The admin who shipped it without the customer's confirmation. */
  overrideBy: string | null;
  overrideAt: Date | null;
}

export function toCodConfirmationRecord(
  row: Pick<
    Order,
    | 'cod_confirmation'
    | 'cod_confirmation_requested_at'
    | 'cod_confirmation_expires_at'
    | 'cod_confirmation_answered_at'
    | 'cod_confirmation_via'
    | 'cod_confirmation_override_by'
    | 'cod_confirmation_override_at'
  >,
): CodConfirmationRecord {
  return {
    state: row.cod_confirmation ?? 'not_needed',
    requestedAt: row.cod_confirmation_requested_at,
    expiresAt: row.cod_confirmation_expires_at,
    answeredAt: row.cod_confirmation_answered_at,
    via: row.cod_confirmation_via,
    overrideBy: row.cod_confirmation_override_by,
    overrideAt: row.cod_confirmation_override_at,
  };
}

export interface OrderItemRecord {
  id: string;
  orderId: string;
  productId: string | null;
  sku: string;
  name: string;
  quantity: number;
  unitPricePaise: number;
  lineTotalPaise: number;
  /** The EFFECTIVE weight text: the item's own when the source gave one, else its SKU's product's. */
  weightText: string | null;
  /** Where weightText came from; null when neither the item nor a product has one. */
  weightSource: 'item' | 'product' | null;
  /** Days its SKU's product keeps, when the catalogue says (perishables). */
  shelfLifeDays: number | null;
}

export interface OrderDetail {
  order: OrderRecord;
  customer: CustomerRecord;
  items: OrderItemRecord[];
  /** The active shipment, else the latest attempt; null when never booked. */
  shipment: ShipmentRecord | null;
  /** Every attempt, newest first. */
  shipments: ShipmentRecord[];
  /** Oldest first, in the order we recorded it. */
  history: StatusHistoryRecord[];
  /** Newest first. */
  notes: OrderNoteRecord[];
}

export function toOrderRecord(row: Order): OrderRecord {
  return {
    id: row.id,
    orderNumber: row.order_number,
    customerId: row.customer_id,
    status: row.status,
    paymentMethod: row.payment_method,
    subtotalPaise: row.subtotal_paise,
    shippingPaise: row.shipping_paise,
    discountPaise: row.discount_paise,
    feesPaise: row.fees_paise,
    taxPaise: row.tax_paise,
    totalPaise: row.total_paise,
    shippingAddress: {
      name: row.ship_name,
      line1: row.ship_line1,
      line2: row.ship_line2,
      city: row.ship_city,
      state: row.ship_state,
      pincode: row.ship_pincode,
    },
    contactPhone: row.contact_phone,
    contactEmail: row.contact_email,
    needsAttention: row.attention_kind !== null,
    attentionKind: row.attention_kind,
    attentionReason: row.attention_reason,
    placedAt: row.placed_at,
    updatedAt: row.updated_at,
    source: row.source,
    externalId: row.external_id,
    codAmountPaise: row.payment_method === 'cod' ? (row.cod_amount_paise ?? row.total_paise) : 0,
    storeOrderNumber: row.store_order_number,
    sourceUpdatedAt: row.source_updated_at,
    alternatePhone: row.alternate_phone,
    package: toOrderPackage(row),
    addressCheck:
      row.address_check_state === null
        ? null
        : { state: row.address_check_state, problems: Array.isArray(row.address_problems) ? row.address_problems : [] },
    codConfirmation: toCodConfirmationRecord(row),
  };
}

/** The declared box, when all three sides are there (the database keeps all three or none). */
export function toOrderPackage(
  row: Pick<Order, 'package_length_cm' | 'package_breadth_cm' | 'package_height_cm'>,
): ParcelBox | null {
  const { package_length_cm: lengthCm, package_breadth_cm: breadthCm, package_height_cm: heightCm } = row;
  return lengthCm !== null && breadthCm !== null && heightCm !== null ? { lengthCm, breadthCm, heightCm } : null;
}

/** An item row with its product's weight text (null when it has no product or the product none). */
export function toOrderItemRecord(
  row: OrderItem & { product_weight_text?: string | null; product_shelf_life_days?: number | null },
): OrderItemRecord {
  const own = row.weight_text;
  const fromProduct = row.product_weight_text ?? null;
  return {
    id: row.id,
    orderId: row.order_id,
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    quantity: row.quantity,
    unitPricePaise: row.unit_price_paise,
    lineTotalPaise: row.quantity * row.unit_price_paise,
    weightText: own ?? fromProduct,
    weightSource: own !== null ? 'item' : fromProduct !== null ? 'product' : null,
    shelfLifeDays: row.product_shelf_life_days ?? null,
  };
}

/**
 * The order's items, oldest first, each with its EFFECTIVE weight text: the item's own when the
 * source gave one, else the current weight of its SKU's product. Parcel planning uses this, so
 * fixing a product's weight changes the parcel of every order not booked yet; a booked
 * shipment keeps the weight stored on it.
 */
export async function listOrderItems(db: DbExecutor, orderId: string): Promise<OrderItemRecord[]> {
  if (!isRowId(orderId)) return [];
  const rows = await selectItemsWithWeights(db).where('oi.order_id', '=', orderId).orderBy('oi.id').execute();
  return rows.map(toOrderItemRecord);
}

export async function findOrderById(db: DbExecutor, orderId: string): Promise<OrderRecord | undefined> {
  if (!isRowId(orderId)) return undefined;
  const row = await db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
  return row && toOrderRecord(row);
}

/** Throws NotFoundError when there is no such order. */
export async function getOrderById(db: DbExecutor, orderId: string): Promise<OrderRecord> {
  const order = await findOrderById(db, orderId);
  if (!order) throw new NotFoundError('order', orderId);
  return order;
}

/**
 * Case-insensitive exact match ("fb-10001" finds "FB-10001"), served by orders_order_number_upper_idx.
 * With `sources`, only an order that came in through one of them is found (a store API key's scope).
 */
export async function findOrderByNumber(
  db: DbExecutor,
  orderNumber: string,
  options: { sources?: readonly OrderSource[] } = {},
): Promise<OrderRecord | undefined> {
  const wanted = orderNumber.trim().toUpperCase();
  const { sources } = options;
  if (wanted === '' || sources?.length === 0) return undefined;
  const row = await db
    .selectFrom('orders')
    .selectAll()
    .where(sql`upper(order_number)`, '=', wanted)
    .$if(sources !== undefined, (qb) => qb.where('source', 'in', sources ?? []))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row && toOrderRecord(row);
}

/** Everything the Order Details dialog shows; undefined when there is no such order. */
export async function findOrderDetail(db: DbExecutor, orderId: string): Promise<OrderDetail | undefined> {
  if (!isRowId(orderId)) return undefined;
  const orderRow = await db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
  if (!orderRow) return undefined;
  const [customerRow, itemRows, shipmentRows, historyRows, noteRows] = await Promise.all([
    db.selectFrom('customers').selectAll().where('id', '=', orderRow.customer_id).executeTakeFirstOrThrow(),
    listOrderItems(db, orderId),
    db
      .selectFrom('shipments')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    db
      .selectFrom('status_history')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('order_notes')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
  ]);
  const shipments = shipmentRows.map(toShipmentRecord);
  return {
    order: toOrderRecord(orderRow),
    customer: toCustomerRecord(customerRow),
    items: itemRows,
    shipment: pickCurrentShipment(shipments),
    shipments,
    history: historyRows.map(toStatusHistoryRecord),
    notes: noteRows.map(toOrderNoteRecord),
  };
}

/** Throws NotFoundError when there is no such order. */
export async function getOrderDetail(db: DbExecutor, orderId: string): Promise<OrderDetail> {
  const detail = await findOrderDetail(db, orderId);
  if (!detail) throw new NotFoundError('order', orderId);
  return detail;
}

/** The order and its items: what quoting, booking and labels need. */
export async function findOrderWithItems(
  db: DbExecutor,
  orderId: string,
): Promise<{ order: OrderRecord; items: OrderItemRecord[] } | undefined> {
  const order = await findOrderById(db, orderId);
  if (!order) return undefined;
  return { order, items: await listOrderItems(db, orderId) };
}

/**
 * Locks the order row and reads it: booking, status moves, overrides, cancels and a newer version
 * from a channel all serialise on it. The one order lock.
 */
export async function lockOrder(tx: Transaction<DB>, orderId: string): Promise<OrderRecord | undefined> {
  if (!isRowId(orderId)) return undefined;
  const row = await tx.selectFrom('orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirst();
  return row && toOrderRecord(row);
}
