import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ChannelOrder } from '../channel-order';
import { channelVersion, moneyInput, paiseOf, storableTax, unreadableAmount } from '../channel-money.rules';

/**
 * WooCommerce's wire format, in one place (DESIGN "Store channels"; reference/order-intake.md
 * s.2): the webhook signature and ping, the REST order and product payloads, the mapping to our
 * one order input, and the write-back bodies. Nothing else reads WooCommerce's fields.
 */

/** X-WC-Webhook-Signature: base64 HMAC-SHA256 of the raw body (WordPress escapes "/" as "\/": never re-serialise). */
export function isValidWooSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (!header || header.length > 200) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The unsigned ping WooCommerce sends when a webhook is created: form body `webhook_id=N`. */
export function isWooPing(body: string): boolean {
  return /^webhook_id=\d{1,18}$/.test(body.trim());
}

const id = z.union([z.number().int(), z.string().regex(/^\d{1,18}$/)]).transform(String);
const text = z.string().max(2000).nullish();
const money = z
  .union([z.string().max(40), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : String(v)));
const addressSchema = z.object({
  first_name: text,
  last_name: text,
  company: text,
  address_1: text,
  address_2: text,
  city: text,
  state: text,
  postcode: text,
  country: text,
  email: text,
  phone: text,
});

const metaSchema = z
  .array(z.object({ key: z.string().max(255), value: z.unknown() }).catch({ key: '', value: null }))
  .max(1000)
  .nullish()
  .catch(null);

export const wooOrderSchema = z.object({
  id,
  number: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v === null || v === undefined ? null : String(v))),
  status: z.string().max(60),
  date_created_gmt: text,
  date_modified_gmt: text,
  payment_method: text,
  prices_include_tax: z.boolean().nullish(),
  total: money,
  total_tax: money,
  cart_tax: money,
  shipping_total: money,
  shipping_tax: money,
  discount_total: money,
  discount_tax: money,
  customer_note: text,
  billing: addressSchema.nullish(),
  shipping: addressSchema.nullish(),
  line_items: z
    .array(
      z.object({
        id,
        name: text,
        product_id: id.nullish(),
        variation_id: z.union([z.number(), z.string()]).nullish(),
        quantity: z.number().int(),
        price: money,
        subtotal: money,
        subtotal_tax: money,
        total: money,
        total_tax: money,
        sku: text,
      }),
    )
    .max(500),
  // COD-fee and gift-wrap plugins add fee lines; a negative one is a credit.
  fee_lines: z
    .array(z.object({ name: text, total: money, total_tax: money }))
    .max(100)
    .nullish(),
  meta_data: metaSchema,
});
export type WooOrder = z.infer<typeof wooOrderSchema>;

export const WOO_ORDER_TOPICS = ['order.created', 'order.updated'] as const;
/** Statuses that end an order in WooCommerce: ours is cancelled too. */
const CANCELLED = new Set(['cancelled', 'refunded', 'failed', 'trash']);
/** Statuses of an order the store will not ship yet (unpaid, on hold). */
const WAITING = new Set(['pending', 'on-hold', 'checkout-draft']);

export function wooSku(line: WooOrder['line_items'][number]): string {
  return line.sku?.trim() || (line.product_id ? `woo-product-${line.product_id}` : `woo-line-${line.id}`);
}

/** The order meta keys a WhatsApp opt-in checkbox plugin commonly writes (configurable). */
export const DEFAULT_WOO_CONSENT_KEYS = ['_wc_whatsapp_opt_in', 'whatsapp_opt_in'] as const;
const YES = new Set(['yes', 'true', '1', 'on', 'checked', 'subscribed']);
const NO = new Set(['no', 'false', '0', 'off', '', 'unchecked', 'unsubscribed']);

/** What the order's consent meta says: the first of `keys` present; true, false, or null (nothing readable). */
export function wooConsent(order: Pick<WooOrder, 'meta_data'>, keys: readonly string[]): boolean | null {
  for (const key of keys) {
    const entry = order.meta_data?.find((m) => m.key === key);
    if (!entry) continue;
    const value = typeof entry.value === 'boolean' ? String(entry.value) : entry.value;
    const word = typeof value === 'string' || typeof value === 'number' ? String(value).trim().toLowerCase() : null;
    if (word !== null && YES.has(word)) return true;
    if (word !== null && NO.has(word)) return false;
  }
  return null;
}

/**
 * WooCommerce's money in our terms (decisions "Issue 22: store channels"): each line at what the
 * customer pays for it before discounts, tax included (`subtotal` + `subtotal_tax`); shipping with
 * its tax; fee lines with their tax (a negative fee is a credit, so a discount); the discount with
 * its tax; the courier collects `total`.
 */
function wooMoney(order: WooOrder, cod: boolean) {
  const amounts = {
    total: paiseOf(order.total),
    total_tax: paiseOf(order.total_tax),
    cart_tax: paiseOf(order.cart_tax),
    shipping_total: paiseOf(order.shipping_total),
    shipping_tax: paiseOf(order.shipping_tax),
    discount_total: paiseOf(order.discount_total),
    discount_tax: paiseOf(order.discount_tax),
  };
  const lines = order.line_items.map((l, index) => {
    const subtotal = paiseOf(l.subtotal);
    const price = paiseOf(l.price);
    const lineTax = paiseOf(l.subtotal_tax);
    const amount =
      subtotal !== null ? subtotal + (lineTax ?? 0) : price !== null ? price * l.quantity + (lineTax ?? 0) : null;
    return { index, line: l, amount };
  });
  const fees = (order.fee_lines ?? []).map((f) => {
    const total = paiseOf(f.total);
    const tax = paiseOf(f.total_tax);
    return total === null ? Number.NaN : total + (tax ?? 0);
  });
  const bad =
    unreadableAmount(amounts) ??
    (lines.find((l) => l.amount === null || Number.isNaN(l.amount))
      ? `line_items.${lines.findIndex((l) => l.amount === null || Number.isNaN(l.amount))}.subtotal`
      : null) ??
    (fees.some(Number.isNaN) ? `fee_lines.${fees.findIndex(Number.isNaN)}.total` : null);
  if (bad) return { kind: 'error', error: `${bad} is not an amount` } as const;
  if (amounts.total === null) return { kind: 'error', error: 'the order has no total' } as const;
  const tax = storableTax(amounts.total_tax ?? (amounts.cart_tax ?? 0) + (amounts.shipping_tax ?? 0));
  if (tax === null) return { kind: 'error', error: 'total_tax is not an amount that can be kept' } as const;
  return {
    kind: 'ok',
    taxPaise: tax,
    input: moneyInput({
      lines: lines.map(({ line, amount }) => ({
        sku: wooSku(line),
        name: line.name ?? 'Item',
        quantity: line.quantity,
        amountPaise: amount ?? 0,
      })),
      shippingPaise: (amounts.shipping_total ?? 0) + (amounts.shipping_tax ?? 0),
      feesPaise: fees.filter((f) => f > 0).reduce((s, f) => s + f, 0),
      discountPaise:
        (amounts.discount_total ?? 0) +
        (amounts.discount_tax ?? 0) -
        fees.filter((f) => f < 0).reduce((s, f) => s + f, 0),
      taxPaise: tax,
      totalPaise: amounts.total,
      owedPaise: cod ? amounts.total : null,
    }),
  } as const;
}

/**
 * The order as our order input. Only `processing` is shippable; pending and on-hold come in as
 * `pending`; cancelled, refunded and failed cancel. Items carry no weight here: the catalogue
 * (filled from the store's products) decides. The order keeps the number the store shows.
 */
export function mapWooOrder(order: WooOrder, options: { consentKeys?: readonly string[] } = {}): ChannelOrder {
  const externalId = order.id;
  const version = channelVersion(order.date_modified_gmt, true);
  if (CANCELLED.has(order.status))
    return { kind: 'cancel', externalId, reason: `${order.status} in WooCommerce`, version };
  if (order.status !== 'processing' && !WAITING.has(order.status)) {
    return { kind: 'ignore', externalId, reason: `status "${order.status.slice(0, 40)}" is not one we ship from` };
  }
  const ship = order.shipping?.address_1 ? order.shipping : order.billing;
  if (!ship?.address_1) return { kind: 'ignore', externalId, reason: 'no shipping address: nothing to ship' };
  const cod = order.payment_method === 'cod';
  const money = wooMoney(order, cod);
  if (money.kind === 'error') return { kind: 'reject', externalId, reason: `not imported: ${money.error}` };
  const name = [ship.first_name, ship.last_name].filter((p) => p?.trim()).join(' ');
  return {
    kind: 'upsert',
    externalId,
    taxPaise: money.taxPaise,
    version,
    consent: wooConsent(order, options.consentKeys ?? DEFAULT_WOO_CONSENT_KEYS),
    input: {
      externalId,
      orderNumber: order.number?.trim() || undefined,
      placedAt: order.date_created_gmt ? `${order.date_created_gmt.replace(/Z$/, '')}Z` : undefined,
      status: order.status === 'processing' ? 'processing' : 'pending',
      paymentMethod: cod ? 'cod' : 'prepaid',
      customer: {
        name,
        // The stock checkout collects the phone on the billing address only.
        phone: order.billing?.phone || order.shipping?.phone || null,
        email: order.billing?.email || undefined,
      },
      shippingAddress: {
        line1: ship.address_1,
        line2:
          [ship.address_2, ship.company ? `(${ship.company})` : null].filter((p) => p?.trim()).join(' ') || undefined,
        city: ship.city,
        state: ship.state,
        pincode: ship.postcode,
      },
      ...money.input,
      note: order.customer_note ?? undefined,
    },
  };
}

export const wooProductSchema = z.object({
  id,
  sku: text,
  name: text,
  price: money,
  weight: z.union([z.string().max(40), z.number()]).nullish(),
});

export const wooSettingSchema = z.object({ value: z.string().max(20) });

/** A product's weight in the store's unit as the weight parser reads it ("0.5 kg", "500 g"); null when the store has none. */
export function wooWeightText(weight: string | number | null | undefined, unit: string): string | null {
  const value = weight === null || weight === undefined ? '' : String(weight).trim();
  if (value === '' || !(Number(value) > 0)) return null;
  const units: Record<string, string> = { kg: 'kg', g: 'g', lbs: 'lb', oz: 'oz' };
  return `${value} ${units[unit] ?? unit}`;
}

export const wooPaths = {
  product: (productId: string) => `/wp-json/wc/v3/products/${encodeURIComponent(productId)}`,
  weightUnit: '/wp-json/wc/v3/settings/products/woocommerce_weight_unit',
  notes: (orderId: string) => `/wp-json/wc/v3/orders/${encodeURIComponent(orderId)}/notes`,
  order: (orderId: string) => `/wp-json/wc/v3/orders/${encodeURIComponent(orderId)}`,
  modifiedSince: (after: Date) =>
    `/wp-json/wc/v3/orders?modified_after=${encodeURIComponent(after.toISOString())}&per_page=50&orderby=modified&order=asc`,
};

/** The customer note on booking: courier, AWB and our tracking link (customer_note emails it). */
export function bookingNoteBody(input: { courier: string | null; awb: string; trackingUrl: string }) {
  return {
    note: `Shipped via ${input.courier ?? 'courier'}. Tracking number (AWB): ${input.awb}. Track your parcel: ${input.trackingUrl}`,
    customer_note: true,
  };
}

export const completedBody = { status: 'completed' } as const;

/** A private note for the store's team (not emailed to the customer): the customer declined COD. */
export function codDeclinedNoteBody(note: string) {
  return { note, customer_note: false };
}
