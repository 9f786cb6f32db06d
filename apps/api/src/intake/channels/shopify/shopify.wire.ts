import { createHmac, timingSafeEqual } from 'node:crypto';
import { isIndianMobile } from '@app/shipping';
import { z } from 'zod';
import type { ChannelOrder } from '../channel-order';
import { channelVersion, moneyInput, paiseOf, storableTax, unreadableAmount } from '../channel-money.rules';

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

const taxLinesSchema = z
  .array(z.object({ price: money }))
  .max(50)
  .nullish();

const lineItemSchema = z.object({
  id,
  sku: text,
  name: text,
  title: text,
  variant_id: id.nullish(),
  quantity: z.number().int(),
  /** After order edits and refunds (newer API versions). */
  current_quantity: z.number().int().nullish(),
  price: money,
  grams: z.number().nullish(),
  requires_shipping: z.boolean().nullish(),
  fulfillable_quantity: z.number().int().nullish(),
  tax_lines: taxLinesSchema,
});

const consentSchema = z
  .object({ state: z.string().max(40).nullish() })
  .nullish()
  .catch(null);

/** The fields of Shopify's REST Order resource (webhook body) that an order here needs. */
export const shopifyOrderSchema = z.object({
  id,
  name: z.string().min(1).max(64),
  email: text,
  phone: text,
  created_at: text,
  updated_at: text,
  test: z.boolean().nullish(),
  cancelled_at: text,
  financial_status: text,
  payment_gateway_names: z.array(z.string().max(200)).max(20).nullish(),
  taxes_included: z.boolean().nullish(),
  total_price: money,
  current_total_price: money,
  total_outstanding: money,
  total_discounts: money,
  current_total_discounts: money,
  total_tax: money,
  current_total_tax: money,
  buyer_accepts_marketing: z.boolean().nullish().catch(null),
  note: text,
  shipping_lines: z
    .array(z.object({ price: money, tax_lines: taxLinesSchema }))
    .max(20)
    .nullish(),
  shipping_address: addressSchema.nullish(),
  billing_address: addressSchema.nullish(),
  customer: z
    .object({
      first_name: text,
      last_name: text,
      phone: text,
      email: text,
      sms_marketing_consent: consentSchema,
    })
    .nullish(),
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
 * What the order says about consent to messages on the customer's phone: Shopify's SMS marketing
 * consent (subscribed grants; unsubscribed or redacted withdraws), else the checkout's "keep me
 * updated" box when ticked; null when it says nothing. Used only when the store chooses so.
 */
export function shopifyConsent(order: Pick<ShopifyOrder, 'customer' | 'buyer_accepts_marketing'>): boolean | null {
  const state = order.customer?.sms_marketing_consent?.state?.trim().toLowerCase();
  if (state === 'subscribed') return true;
  if (state === 'unsubscribed' || state === 'redacted') return false;
  return order.buyer_accepts_marketing === true ? true : null;
}

const taxOf = (lines: { price: string | null }[] | null | undefined): number =>
  (lines ?? []).reduce((sum, t) => sum + (paiseOf(t.price) ?? 0), 0);
const shipsPhysically = (l: ShopifyOrder['line_items'][number]) => l.requires_shipping !== false;

/**
 * Shopify's money in our terms (decisions "Issue 22: store channels"): the order's current
 * figures (after edits and refunds) when the body has them; each shipped line at what the customer
 * pays for it, tax included (`price`, plus its tax lines when prices exclude tax); lines and units
 * that are not in the parcel (a gift card) as fees; the courier collects `total_outstanding`
 * (else the total while nothing is paid).
 */
function shopifyMoney(order: ShopifyOrder, cod: boolean) {
  const taxesIncluded = order.taxes_included !== false;
  const amounts = {
    total_price: paiseOf(order.current_total_price ?? order.total_price),
    total_discounts: paiseOf(order.current_total_discounts ?? order.total_discounts),
    total_tax: paiseOf(order.current_total_tax ?? order.total_tax),
    total_outstanding: paiseOf(order.total_outstanding),
  };
  let fees = 0;
  let badLine: string | null = null;
  const lines = order.line_items.flatMap((l, index) => {
    const price = paiseOf(l.price);
    const lineTax = taxOf(l.tax_lines);
    if (price === null || Number.isNaN(price) || Number.isNaN(lineTax)) {
      badLine ??= `line_items.${index}.price`;
      return [];
    }
    const ordered = Math.max(0, l.quantity);
    const quantity = Math.max(0, Math.min(l.current_quantity ?? ordered, ordered));
    if (quantity === 0) return [];
    const tax = taxesIncluded ? 0 : quantity === ordered ? lineTax : Math.round((lineTax * quantity) / ordered);
    const amount = price * quantity + tax;
    const shipped = shipsPhysically(l) ? Math.max(0, Math.min(l.fulfillable_quantity ?? quantity, quantity)) : 0;
    const inParcel = shipped === quantity ? amount : Math.round((amount * shipped) / quantity);
    fees += amount - inParcel;
    if (shipped === 0) return [];
    return [
      {
        sku: l.sku?.trim() || (l.variant_id ? `shopify-variant-${l.variant_id}` : `shopify-line-${l.id}`),
        name: l.name ?? l.title ?? 'Item',
        quantity: shipped,
        amountPaise: inParcel,
        // grams is per unit; 0 means the store set none, so the catalogue decides.
        ...(l.grams && l.grams > 0 ? { weight: l.grams } : {}),
      },
    ];
  });
  const shipping = (order.shipping_lines ?? []).reduce(
    (sum, l) => sum + (paiseOf(l.price) ?? 0) + (taxesIncluded ? 0 : taxOf(l.tax_lines)),
    0,
  );
  const bad = unreadableAmount({ ...amounts, shipping_lines: shipping }) ?? badLine;
  if (bad) return { kind: 'error', error: `${bad} is not an amount` } as const;
  if (lines.length === 0) return { kind: 'ignore', ignore: 'no item needs shipping' } as const;
  if (amounts.total_price === null) return { kind: 'error', error: 'the order has no total_price' } as const;
  const tax = storableTax(amounts.total_tax);
  if (tax === null) return { kind: 'error', error: 'total_tax is not an amount that can be kept' } as const;
  let owed: number | null = null;
  if (cod) {
    if (amounts.total_outstanding !== null) owed = amounts.total_outstanding;
    else if ((order.financial_status ?? 'pending') === 'pending') owed = amounts.total_price;
    else
      return {
        kind: 'error',
        error: 'a partly paid COD order without total_outstanding: what is owed is unknown',
      } as const;
  }
  return {
    kind: 'ok',
    taxPaise: tax,
    input: moneyInput({
      lines,
      shippingPaise: shipping,
      feesPaise: fees,
      discountPaise: amounts.total_discounts ?? 0,
      taxPaise: tax,
      totalPaise: amounts.total_price,
      owedPaise: owed,
    }),
  } as const;
}

/**
 * Shopify's order as our order input (validated by the one order-input schema afterwards, like
 * every intake), or the reason it is not an order to ship: a test order, no shipping address
 * (pickup or digital), nothing left that needs shipping, or a cancelled order. What it asks
 * follows from the body alone: a cancel needs the body's own `cancelled_at`.
 */
export function mapShopifyOrder(order: ShopifyOrder): ChannelOrder {
  const externalId = order.id;
  const version = channelVersion(order.updated_at);
  if (order.cancelled_at) return { kind: 'cancel', externalId, reason: 'cancelled in Shopify', version };
  if (order.test) return { kind: 'ignore', externalId, reason: 'a Shopify test order: not imported' };
  const address = order.shipping_address;
  if (!address) {
    return { kind: 'ignore', externalId, reason: 'no shipping address (a pickup or digital order): nothing to ship' };
  }
  const cod = isShopifyCod(order);
  const money = shopifyMoney(order, cod);
  if (money.kind === 'ignore') return { kind: 'ignore', externalId, reason: money.ignore };
  if (money.kind === 'error') return { kind: 'reject', externalId, reason: `not imported: ${money.error}` };
  const name =
    joinName(address.name) ||
    joinName(address.first_name, address.last_name) ||
    joinName(order.customer?.first_name, order.customer?.last_name);
  const paid = PAID.has(order.financial_status ?? '');
  return {
    kind: 'upsert',
    externalId,
    taxPaise: money.taxPaise,
    version,
    consent: shopifyConsent(order),
    input: {
      externalId,
      orderNumber: order.name,
      placedAt: order.created_at ?? undefined,
      // Unpaid prepaid orders are visible but not shippable until Shopify says they are paid.
      status: cod || paid ? 'processing' : 'pending',
      paymentMethod: cod ? 'cod' : 'prepaid',
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
      ...money.input,
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

/** The order's note and tags, read before a note is added (orderUpdate replaces the note). */
export const ORDER_NOTE_QUERY = `query OrderNote($id: ID!) {
  order(id: $id) { id note tags }
}`;

export const ORDER_UPDATE_MUTATION = `mutation OrderUpdate($input: OrderInput!) {
  orderUpdate(input: $input) {
    order { id note tags }
    userErrors { field message }
  }
}`;

export const orderNoteResponse = z.object({
  order: z.object({ id: z.string(), note: z.string().nullish(), tags: z.array(z.string()).default([]) }).nullable(),
});

export const orderUpdateResponse = z.object({
  orderUpdate: z.object({ order: z.object({ id: z.string() }).nullable(), userErrors }),
});

/** The tag a declined COD order gets in Shopify, so the store can filter its orders by it. */
export const COD_DECLINED_TAG = 'cod-declined';

/** Our note added to the order's own (kept), and our tag beside its tags; unchanged when already there. */
export function codDeclinedOrderInput(
  order: { id: string; note?: string | null | undefined; tags: string[] },
  note: string,
): { input: { id: string; note: string; tags: string[] } } | null {
  const current = order.note ?? '';
  if (current.includes(note) && order.tags.includes(COD_DECLINED_TAG)) return null;
  return {
    input: {
      id: order.id,
      note: current.includes(note) ? current : current ? `${current}\n\n${note}` : note,
      tags: order.tags.includes(COD_DECLINED_TAG) ? order.tags : [...order.tags, COD_DECLINED_TAG],
    },
  };
}
