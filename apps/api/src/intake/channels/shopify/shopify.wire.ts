import { createHmac, timingSafeEqual } from 'node:crypto';
import { isIndianMobile } from '@app/shipping';
import { z } from 'zod';
import type { ChannelOrder } from '../channel-order';

/**
 * Shopify's wire format, in one place (DESIGN "Store channels"; reference/order-intake.md s.1):
 * webhook HMAC, the REST Order payload its webhooks carry, the mapping to our one order input,
 * and the Admin GraphQL documents for writing fulfillments back. Nothing else reads Shopify's fields.
 */

/** X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the raw body. Constant-time; false for anything malformed. */
export function isValidShopifyHmac(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (!header || header.length > 200) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const SHOPIFY_ORDER_TOPICS = ['orders/create', 'orders/updated', 'orders/cancelled'] as const;

const id = z.union([z.number(), z.string().min(1).max(40)]).transform(String);
const text = z.string().max(2000).nullish();
const money = z
  .union([z.string().max(40), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : String(v)));

const addressSchema = z.object({
  first_name: text,
  last_name: text,
  name: text,
  company: text,
  address1: text,
  address2: text,
  city: text,
  province: text,
  province_code: text,
  zip: text,
  country_code: text,
  phone: text,
});

const lineItemSchema = z.object({
  id,
  sku: text,
  name: text,
  title: text,
  variant_id: id.nullish(),
  quantity: z.number().int(),
  price: money,
  grams: z.number().nullish(),
  requires_shipping: z.boolean().nullish(),
  fulfillable_quantity: z.number().int().nullish(),
});

/** The fields of Shopify's REST Order resource (webhook body) that an order here needs. */
export const shopifyOrderSchema = z.object({
  id,
  name: z.string().min(1).max(64),
  email: text,
  phone: text,
  created_at: text,
  test: z.boolean().nullish(),
  cancelled_at: text,
  financial_status: text,
  payment_gateway_names: z.array(z.string().max(200)).max(20).nullish(),
  total_price: money,
  total_outstanding: money,
  total_discounts: money,
  note: text,
  shipping_lines: z
    .array(z.object({ price: money }))
    .max(20)
    .nullish(),
  shipping_address: addressSchema.nullish(),
  billing_address: addressSchema.nullish(),
  customer: z.object({ first_name: text, last_name: text, phone: text, email: text }).nullish(),
  line_items: z.array(lineItemSchema).max(500),
});
export type ShopifyOrder = z.infer<typeof shopifyOrderSchema>;

/** Gateway names that mean cash on delivery (Shopify's reserved manual method, Advanced COD, COD apps). */
const COD_GATEWAY = /cash[\s_-]*on[\s_-]*delivery|\bcod\b|pay[\s_-]*on[\s_-]*delivery|collect[\s_-]*on[\s_-]*delivery/i;
const UNPAID = new Set(['pending', 'partially_paid']);
const PAID = new Set(['paid', 'partially_paid', 'authorized', 'partially_refunded']);

/** COD when a gateway name says cash on delivery and the order is still (partly) unpaid. */
export function isShopifyCod(order: Pick<ShopifyOrder, 'payment_gateway_names' | 'financial_status'>): boolean {
  const named = (order.payment_gateway_names ?? []).some((g) => COD_GATEWAY.test(g));
  return named && UNPAID.has(order.financial_status ?? 'pending');
}

function joinName(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => Boolean(p?.trim()))
    .join(' ')
    .trim();
}

/** Phone from the shipping address, the order, the customer, the billing address: the first Indian mobile, else the first given. */
export function shopifyPhone(order: ShopifyOrder): string | null {
  const candidates = [
    order.shipping_address?.phone,
    order.phone,
    order.customer?.phone,
    order.billing_address?.phone,
  ].filter((p): p is string => Boolean(p?.trim()));
  return candidates.find((p) => isIndianMobile(p)) ?? candidates[0] ?? null;
}

/**
 * Shopify's order as our order input (validated by the one order-input schema afterwards, like
 * every intake), or the reason it is not an order to ship: a test order, no shipping address
 * (pickup or digital), nothing left that needs shipping, or a cancelled order.
 */
export function mapShopifyOrder(order: ShopifyOrder): ChannelOrder {
  const externalId = order.id;
  if (order.cancelled_at) return { kind: 'cancel', externalId, reason: 'cancelled in Shopify' };
  if (order.test) return { kind: 'ignore', externalId, reason: 'a Shopify test order: not imported' };
  const address = order.shipping_address;
  if (!address) {
    return { kind: 'ignore', externalId, reason: 'no shipping address (a pickup or digital order): nothing to ship' };
  }
  const lines = order.line_items.filter(
    (l) => l.requires_shipping !== false && (l.fulfillable_quantity ?? l.quantity) > 0,
  );
  if (lines.length === 0) return { kind: 'ignore', externalId, reason: 'no item needs shipping' };
  const cod = isShopifyCod(order);
  const shipping = (order.shipping_lines ?? []).reduce((sum, l) => sum + Number(l.price ?? 0), 0);
  const name =
    joinName(address.name) ||
    joinName(address.first_name, address.last_name) ||
    joinName(order.customer?.first_name, order.customer?.last_name);
  const paid = PAID.has(order.financial_status ?? '');
  // What the parcel carries is worth at most its items and shipping: lines that do not ship (a gift
  // card) are not collected by the courier.
  const parcelValue = lines.reduce(
    (sum, l) => sum + Number(l.price ?? 0) * (l.fulfillable_quantity ?? l.quantity),
    shipping,
  );
  const outstanding = Number(order.total_outstanding ?? order.total_price ?? Number.NaN);
  const codAmount =
    Number.isFinite(outstanding) && Number.isFinite(parcelValue)
      ? Math.min(outstanding, parcelValue).toFixed(2)
      : (order.total_outstanding ?? order.total_price ?? undefined);
  return {
    kind: 'upsert',
    externalId,
    discount: order.total_discounts,
    input: {
      externalId,
      orderNumber: order.name,
      placedAt: order.created_at ?? undefined,
      // Unpaid prepaid orders are visible but not shippable until Shopify says they are paid.
      status: cod || paid ? 'processing' : 'pending',
      paymentMethod: cod ? 'cod' : 'prepaid',
      ...(cod ? { codAmount } : {}),
      customer: {
        name,
        phone: shopifyPhone(order),
        email: order.email ?? order.customer?.email ?? undefined,
      },
      shippingAddress: {
        line1: address.address1,
        line2: joinName(address.address2, address.company ? `(${address.company})` : null) || undefined,
        city: address.city,
        state: address.province ?? address.province_code,
        pincode: address.zip,
      },
      items: lines.map((l) => ({
        sku: l.sku?.trim() || (l.variant_id ? `shopify-variant-${l.variant_id}` : `shopify-line-${l.id}`),
        name: l.name ?? l.title ?? 'Item',
        quantity: l.fulfillable_quantity ?? l.quantity,
        unitPrice: l.price,
        // grams is per unit; 0 means the store set none, so the catalogue decides.
        ...(l.grams && l.grams > 0 ? { weight: l.grams } : {}),
      })),
      shippingCharge: Number.isFinite(shipping) ? shipping.toFixed(2) : undefined,
      note: order.note ?? undefined,
    },
  };
}

export const orderGid = (externalId: string) => `gid://shopify/Order/${externalId}`;

export const FULFILLMENT_ORDERS_QUERY = `query OrderFulfillmentOrders($id: ID!) {
  order(id: $id) {
    id
    fulfillments(first: 20) { id trackingInfo { number } }
    fulfillmentOrders(first: 10) { nodes { id status } }
  }
}`;

export const FULFILLMENT_CREATE_MUTATION = `mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status trackingInfo { company number url } }
    userErrors { field message }
  }
}`;

export const FULFILLMENT_EVENT_CREATE_MUTATION = `mutation FulfillmentEventCreate($fulfillmentEvent: FulfillmentEventInput!) {
  fulfillmentEventCreate(fulfillmentEvent: $fulfillmentEvent) {
    fulfillmentEvent { id status }
    userErrors { field message }
  }
}`;

/**
 * The reconciliation poll reads the REST Order resource (`orders.json?updated_at_min=`), the very
 * shape webhooks carry, so one mapping serves both; its URL sits beside the GraphQL endpoint.
 */
export function ordersUpdatedSinceUrl(graphqlUrl: string, since: Date): string {
  const base = graphqlUrl.replace(/graphql\.json$/, '');
  const query = new URLSearchParams({
    updated_at_min: since.toISOString(),
    status: 'any',
    limit: '50',
    order: 'updated_at asc',
  });
  return `${base}orders.json?${query.toString()}`;
}

export const ordersPageSchema = z.object({ orders: z.array(z.unknown()).max(250) });
export const updatedAtOf = (order: unknown): Date | null => {
  const value = (order as { updated_at?: unknown } | null)?.updated_at;
  const date = typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
};

const userErrors = z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string() })).default([]);
export type ShopifyUserErrors = z.infer<typeof userErrors>;

export const fulfillmentOrdersResponse = z.object({
  order: z
    .object({
      fulfillments: z.array(
        z.object({ id: z.string(), trackingInfo: z.array(z.object({ number: z.string().nullish() })) }),
      ),
      fulfillmentOrders: z.object({ nodes: z.array(z.object({ id: z.string(), status: z.string() })) }),
    })
    .nullable(),
});

export const fulfillmentCreateResponse = z.object({
  fulfillmentCreate: z.object({ fulfillment: z.object({ id: z.string() }).nullable(), userErrors }),
});

export const fulfillmentEventCreateResponse = z.object({
  fulfillmentEventCreate: z.object({ fulfillmentEvent: z.object({ id: z.string() }).nullable(), userErrors }),
});

/** Fulfillment orders that can still be fulfilled. */
export const OPEN_FULFILLMENT_ORDER_STATUSES = new Set(['OPEN', 'IN_PROGRESS']);

export function fulfillmentInput(input: {
  fulfillmentOrderIds: string[];
  courier: string | null;
  awb: string;
  trackingUrl: string;
}) {
  return {
    fulfillment: {
      lineItemsByFulfillmentOrder: input.fulfillmentOrderIds.map((fulfillmentOrderId) => ({ fulfillmentOrderId })),
      trackingInfo: { company: input.courier ?? 'iCarry', number: input.awb, url: input.trackingUrl },
      notifyCustomer: true,
    },
  };
}

export function fulfillmentEventInput(input: { fulfillmentId: string; status: string; happenedAt: Date }) {
  return {
    fulfillmentEvent: {
      fulfillmentId: input.fulfillmentId,
      status: input.status,
      happenedAt: input.happenedAt.toISOString(),
    },
  };
}

/** The top-level `{ data, errors }` of a GraphQL answer. */
export const graphqlEnvelope = z.object({
  data: z.unknown().optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});
