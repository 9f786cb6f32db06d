import { cacheChannelProductWeight, findParsedWeightsBySku } from '@app/db';
import { containsUnstorableText, parseRupeesToPaise } from '@app/shipping';
import type { AppDeps } from '../../../platform/core/deps';
import type { ChannelOrder } from '../channel-order';
import { WooCommerceClient } from './woocommerce.client';
import {
  mapWooOrder,
  wooOrderSchema,
  wooPaths,
  wooProductSchema,
  wooSettingSchema,
  wooSku,
  wooWeightText,
  WOO_ORDER_TOPICS,
  type WooOrder,
} from './woocommerce.wire';

/**
 * Line items carry no weight: each product the catalogue cannot weigh yet is read from the store
 * (`GET /products/{id}`, in the store's weight unit) and cached in the catalogue, so later orders
 * for it ask nothing. A store that does not answer leaves the weight to the catalogue's fallback.
 */
async function cacheProductWeights(deps: AppDeps, order: WooOrder): Promise<void> {
  const config = deps.config.channels.woocommerce;
  if (!config?.keys) return;
  const keys = config.keys;
  const known = await findParsedWeightsBySku(deps.db, order.line_items.map(wooSku));
  const missing = order.line_items.filter((l) => !known.has(wooSku(l)) && l.product_id);
  if (missing.length === 0) return;
  const client = new WooCommerceClient({ ...config, keys });
  let unit = 'kg';
  try {
    unit = wooSettingSchema.parse(await client.request('GET', wooPaths.weightUnit)).value;
  } catch (err) {
    deps.logger.warn({ err }, '[WOOCOMMERCE] could not read the store weight unit; assuming kg');
  }
  for (const line of missing) {
    const productId = String(
      line.variation_id && String(line.variation_id) !== '0' ? line.variation_id : line.product_id,
    );
    try {
      const product = wooProductSchema.parse(await client.request('GET', wooPaths.product(productId)));
      const weightText = wooWeightText(product.weight, unit);
      if (!weightText) continue;
      await cacheChannelProductWeight(
        deps.db,
        {
          sku: wooSku(line),
          name: (line.name ?? product.name ?? 'Item').slice(0, 255),
          weightText,
          pricePaise: Math.max(0, parseRupeesToPaise(line.price ?? product.price ?? '0') ?? 0),
        },
        deps.clock.now(),
      );
    } catch (err) {
      deps.logger.warn({ err, productId }, '[WOOCOMMERCE] could not read a product weight; the catalogue decides');
    }
  }
}

/** A signed WooCommerce delivery as our channel order (weights cached first), or why it is unreadable. */
export async function readWooCommerceDelivery(
  deps: AppDeps,
  body: unknown,
  topic: string,
): Promise<ChannelOrder | { error: string }> {
  if (!(WOO_ORDER_TOPICS as readonly string[]).includes(topic)) {
    return { kind: 'ignore', externalId: null, reason: `topic ${topic.slice(0, 60)} is not used` };
  }
  const parsed = wooOrderSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      error: `not a WooCommerce order: ${issue ? `${issue.path.join('.') || 'body'} ${issue.message}` : 'unreadable'}`,
    };
  }
  const mapped = mapWooOrder(parsed.data, { consentKeys: deps.config.channels.woocommerce?.consentMetaKeys });
  // An order that cannot be stored (a NUL in a SKU) asks the store for nothing: applying refuses it.
  if (mapped.kind === 'upsert' && !containsUnstorableText(parsed.data.line_items)) {
    try {
      await cacheProductWeights(deps, parsed.data);
    } catch (err) {
      deps.logger.warn({ err }, '[WOOCOMMERCE] could not look up product weights; the catalogue decides');
    }
  }
  return mapped;
}
