import type { ChannelOrder } from '../channel-order';
import { mapShopifyOrder, shopifyOrderSchema, SHOPIFY_ORDER_TOPICS } from './shopify.wire';

/** A signed Shopify delivery as our channel order, or why it is unreadable. */
export function readShopifyDelivery(body: unknown, topic: string): ChannelOrder | { error: string } {
  if (!(SHOPIFY_ORDER_TOPICS as readonly string[]).includes(topic)) {
    return { kind: 'ignore', externalId: null, reason: `topic ${topic.slice(0, 60)} is not used` };
  }
  const parsed = shopifyOrderSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      error: `not a Shopify order: ${issue ? `${issue.path.join('.') || 'body'} ${issue.message}` : 'unreadable'}`,
    };
  }
  // The topic header is not signed: what the delivery does follows from the body alone (a cancel
  // needs the body's own cancelled_at), whichever of the order topics it came under.
  return mapShopifyOrder(parsed.data);
}
