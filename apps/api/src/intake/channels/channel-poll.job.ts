import { createHash } from 'node:crypto';
import {
  findChannelState,
  insertChannelWebhook,
  recordChannelWebhookOutcome,
  saveChannelPoll,
  type Channel,
} from '@app/db';
import { z } from 'zod';
import type { AppDeps } from '../../platform/core/deps';
import { applyChannelOrder } from './apply-channel-order';
import { CHANNEL_LABEL, type ChannelOrder } from './channel-order';
import { ShopifyAdminClient } from './shopify/shopify.client';
import {
  mapShopifyOrder,
  ordersPageSchema,
  ordersUpdatedSinceUrl,
  shopifyOrderSchema,
  updatedAtOf,
} from './shopify/shopify.wire';
import { WooCommerceClient } from './woocommerce/woocommerce.client';
import { readWooCommerceDelivery } from './woocommerce/woocommerce.intake';
import { wooPaths } from './woocommerce/woocommerce.wire';

/** A first poll looks back this far; later ones start where the last ended, minus a little overlap. */
const FIRST_LOOKBACK_MS = 3600_000;
const OVERLAP_MS = 60_000;
/** How long a polled order's row is held by the poll that stored it (it applies it at once). */
const POLL_CLAIM_MS = 600_000;

async function applyPolled(deps: AppDeps, channel: Channel, raw: unknown, order: ChannelOrder | { error: string }) {
  const body = JSON.stringify(raw);
  // Same version of the same order = same news (a webhook for it may have come too; the natural key holds).
  const id = await insertChannelWebhook(deps.db, {
    channel,
    deliveryId: `poll:${createHash('sha256').update(body).digest('hex')}`,
    topic: 'poll',
    headers: {},
    rawBody: body,
    receivedAt: deps.clock.now(),
    // Applied right here; should this instance die first, the channel applier takes it after this.
    claimUntil: new Date(deps.clock.now().getTime() + POLL_CLAIM_MS),
  });
  if (!id) return;
  if ('error' in order) {
    await recordChannelWebhookOutcome(deps.db, id, {
      outcome: 'rejected',
      detail: order.error,
      orderId: null,
      externalId: null,
      processedAt: deps.clock.now(),
    });
    return;
  }
  const result = await applyChannelOrder(deps, channel, order);
  await recordChannelWebhookOutcome(deps.db, id, { ...result, processedAt: deps.clock.now() });
}

async function pollShopify(deps: AppDeps, since: Date): Promise<Date | null> {
  const admin = deps.config.channels.shopify?.admin;
  if (!admin) return null;
  const page = await new ShopifyAdminClient(admin).getRest(ordersUpdatedSinceUrl(admin.url, since), ordersPageSchema);
  let latest: Date | null = null;
  for (const raw of page.orders) {
    const parsed = shopifyOrderSchema.safeParse(raw);
    await applyPolled(
      deps,
      'shopify',
      raw,
      parsed.success ? mapShopifyOrder(parsed.data) : { error: 'not a Shopify order' },
    );
    const at = updatedAtOf(raw);
    if (at && (!latest || at > latest)) latest = at;
  }
  return page.orders.length >= 50 ? latest : null;
}

async function pollWooCommerce(deps: AppDeps, since: Date): Promise<Date | null> {
  const config = deps.config.channels.woocommerce;
  if (!config?.keys) return null;
  const orders = z
    .array(z.unknown())
    .max(250)
    .parse(await new WooCommerceClient({ ...config, keys: config.keys }).request('GET', wooPaths.modifiedSince(since)));
  let latest: Date | null = null;
  for (const raw of orders) {
    await applyPolled(deps, 'woocommerce', raw, await readWooCommerceDelivery(deps, raw, 'order.updated'));
    const value = (raw as { date_modified_gmt?: unknown } | null)?.date_modified_gmt;
    const at = typeof value === 'string' ? new Date(`${value.replace(/Z$/, '')}Z`) : null;
    if (at && !Number.isNaN(at.getTime()) && (!latest || at > latest)) latest = at;
  }
  return orders.length >= 50 ? latest : null;
}

/**
 * The backstop for missed webhooks (Shopify drops failing subscriptions; WooCommerce never
 * retries): asks each configured channel for orders changed since the last poll and applies them
 * like webhooks. A full page moves the cursor to its last order; otherwise to the poll's start.
 */
export async function pollChannels(deps: AppDeps): Promise<void> {
  const channels: { channel: Channel; poll: (since: Date) => Promise<Date | null> }[] = [];
  if (deps.config.channels.shopify?.admin) channels.push({ channel: 'shopify', poll: (s) => pollShopify(deps, s) });
  if (deps.config.channels.woocommerce?.keys)
    channels.push({ channel: 'woocommerce', poll: (s) => pollWooCommerce(deps, s) });
  for (const { channel, poll } of channels) {
    const started = deps.clock.now();
    const state = await findChannelState(deps.db, channel);
    const since = new Date((state?.polledUntil?.getTime() ?? started.getTime() - FIRST_LOOKBACK_MS) - OVERLAP_MS);
    try {
      const fullPageUntil = await poll(since);
      await saveChannelPoll(deps.db, channel, { polledUntil: fullPageUntil ?? started, at: started, error: null });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      deps.logger.warn({ err, channel }, `[${CHANNEL_LABEL[channel].toUpperCase()}] reconciliation poll failed`);
      await saveChannelPoll(deps.db, channel, { polledUntil: null, at: started, error: message });
    }
  }
}
