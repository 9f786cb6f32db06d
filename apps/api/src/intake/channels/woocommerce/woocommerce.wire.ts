import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ChannelOrder } from '../channel-order';

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

export const wooOrderSchema = z.object({
  id,
  number: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v === null || v === undefined ? null : String(v))),
  status: z.string().max(60),
  date_created_gmt: text,
  payment_method: text,
  total: money,
  shipping_total: money,
  discount_total: money,
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
        sku: text,
      }),
    )
    .max(500),
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

/**
 * The order as our order input. Only `processing` is shippable; pending and on-hold come in as
 * `pending`; cancelled, refunded and failed cancel. Items carry no weight here: the catalogue
 * (filled from the store's products) decides.
 */
export function mapWooOrder(order: WooOrder): ChannelOrder {
  const externalId = order.id;
  if (CANCELLED.has(order.status)) return { kind: 'cancel', externalId, reason: `${order.status} in WooCommerce` };
  if (order.status !== 'processing' && !WAITING.has(order.status)) {
    return { kind: 'ignore', externalId, reason: `status "${order.status.slice(0, 40)}" is not one we ship from` };
  }
  const ship = order.shipping?.address_1 ? order.shipping : order.billing;
  if (!ship?.address_1) return { kind: 'ignore', externalId, reason: 'no shipping address: nothing to ship' };
  const cod = order.payment_method === 'cod';
  const name = [ship.first_name, ship.last_name].filter((p) => p?.trim()).join(' ');
  return {
    kind: 'upsert',
    externalId,
    discount: order.discount_total,
    input: {
      externalId,
      orderNumber: order.number ? `WC-${order.number}` : undefined,
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
      items: order.line_items.map((l) => ({
        sku: wooSku(l),
        name: l.name ?? 'Item',
        quantity: l.quantity,
        unitPrice: l.price,
      })),
      shippingCharge: order.shipping_total ?? undefined,
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
