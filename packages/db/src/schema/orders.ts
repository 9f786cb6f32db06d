import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { OrderStatus } from '@app/shipping';
import type { GeneratedId, Id, NullableTimestamp, Timestamp } from './columns';

export type PaymentMethod = 'prepaid' | 'cod';
/** A COD order's confirmation by its customer (null in the row = not needed). */
export const COD_CONFIRMATION_STATES = ['not_needed', 'pending', 'confirmed', 'declined', 'expired'] as const;
export type CodConfirmationState = (typeof COD_CONFIRMATION_STATES)[number];
export type StoredCodConfirmation = Exclude<CodConfirmationState, 'not_needed'>;
/** How the customer answered: the confirmation page (the email's link) or a WhatsApp button. */
export type CodConfirmationVia = 'page' | 'whatsapp';
/** Why an order is flagged for a person: code branches on the kind, people read `attention_reason`. */
export const ATTENTION_KINDS = [
  'booking_unknown',
  'ndr',
  'ndr_response',
  'address_changed',
  'cancel_requested',
  'stuck',
  'billing',
  'review',
  'cod_declined',
] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];
/** The languages customers are written to (pages and messages); 'en' is the default. */
export const CUSTOMER_LANGUAGES = ['en', 'hi'] as const;
export type CustomerLanguage = (typeof CUSTOMER_LANGUAGES)[number];
/** The address check's verdict (the worst problem's severity) and one problem as stored. */
export type AddressCheckState = 'ok' | 'warning' | 'error';
export interface StoredAddressProblem {
  code: string;
  message: string;
}
/** Where an order came from; 'manual' is anything made inside the product (demo data, fixtures). */
export const ORDER_SOURCES = ['manual', 'api', 'csv', 'shopify', 'woocommerce'] as const;
export type OrderSource = (typeof ORDER_SOURCES)[number];

export interface CustomersTable {
  id: GeneratedId;
  name: string;
  email: string | null;
  phone: string;
  whatsapp_opt_in: Generated<boolean>;
  /** When consent was last given. */
  whatsapp_opt_in_at: NullableTimestamp;
  /** When consent was last withdrawn. */
  whatsapp_opt_out_at: NullableTimestamp;
  created_at: Timestamp;
  /** The language the customer is written to; 'en' unless a source said otherwise. */
  language: ColumnType<CustomerLanguage, CustomerLanguage | undefined, CustomerLanguage>;
}

export interface ProductsTable {
  id: GeneratedId;
  sku: string;
  name: string;
  weight_text: string | null;
  /** Parsed from weight_text by the app; null with weight_error null = not parsed yet. */
  weight_grams: number | null;
  /** Why weight_text does not parse (ambiguous, unreadable, missing). */
  weight_error: string | null;
  price_paise: number;
  /** Days the product keeps; a parcel whose slow-tenth transit exceeds it is warned about. */
  shelf_life_days: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrdersTable {
  id: GeneratedId;
  order_number: string;
  customer_id: Id;
  status: ColumnType<OrderStatus, OrderStatus | undefined, OrderStatus>;
  payment_method: PaymentMethod;
  subtotal_paise: number;
  shipping_paise: Generated<number>;
  discount_paise: Generated<number>;
  total_paise: number;
  ship_name: string;
  ship_line1: string;
  ship_line2: string | null;
  ship_city: string;
  ship_state: string;
  ship_pincode: string;
  contact_phone: string;
  contact_email: string | null;
  attention_kind: AttentionKind | null;
  attention_reason: string | null;
  placed_at: Timestamp;
  updated_at: Timestamp;
  source: ColumnType<OrderSource, OrderSource | undefined, OrderSource>;
  external_id: string | null;
  /** Amount the courier collects when it differs from the total; null = total_paise. */
  cod_amount_paise: number | null;
  /** Order-level charges beyond items and shipping (fee lines, lines that do not ship); in the total. */
  fees_paise: Generated<number>;
  /** Tax included in the amounts above, for the record (never added again). */
  tax_paise: Generated<number>;
  /** The version of the order its channel last stated (updated_at, date_modified_gmt). */
  source_updated_at: NullableTimestamp;
  /** The number the store and its customer know the order by, whatever order_number had to be. */
  store_order_number: string | null;
  /** The customer's second mobile (10 digits), which couriers call on a failed delivery. */
  alternate_phone: string | null;
  /** The box its source declared, in whole cm (all three or none); null = the store's default box. */
  package_length_cm: number | null;
  package_breadth_cm: number | null;
  package_height_cm: number | null;
  /** The address check's verdict; null = not checked yet (orders from before it existed). */
  address_check_state: AddressCheckState | null;
  /** The address check's problems, [{ code, message }]. */
  address_problems: ColumnType<StoredAddressProblem[], string | undefined, string>;
  cod_confirmation: StoredCodConfirmation | null;
  cod_confirmation_requested_at: NullableTimestamp;
  cod_confirmation_expires_at: NullableTimestamp;
  cod_confirmation_answered_at: NullableTimestamp;
  cod_confirmation_via: CodConfirmationVia | null;
  /** The admin who shipped the order without the customer's confirmation, and when. */
  cod_confirmation_override_by: Id | null;
  cod_confirmation_override_at: NullableTimestamp;
}

export interface OrderItemsTable {
  id: GeneratedId;
  order_id: Id;
  product_id: Id | null;
  sku: string;
  name: string;
  quantity: number;
  unit_price_paise: number;
  /** The item's own weight text when the source gave one; null = the SKU's product decides. */
  weight_text: string | null;
}

/** Maintained by triggers on orders (migration 2026_11_26_090100); read-only for the app. */
export interface OrderStatusCountsTable {
  status: OrderStatus;
  /** An order counts in row id % 16, so concurrent status changes rarely share a row. */
  shard: ColumnType<number, never, never>;
  // bigint: a string from both drivers.
  order_count: ColumnType<string, never, never>;
}

export type Order = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type OrderItem = Selectable<OrderItemsTable>;
export type Customer = Selectable<CustomersTable>;
export type Product = Selectable<ProductsTable>;
