import { createHash } from 'node:crypto';
import { storeChannelWebhook, type Channel } from '@app/db';
import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../platform/core/deps';
import { CHANNEL_LABEL } from '../../intake/channels/channel-order';
import { isValidShopifyHmac } from '../../intake/channels/shopify/shopify.wire';
import { isValidWooSignature, isWooPing } from '../../intake/channels/woocommerce/woocommerce.wire';

const MAX_BODY = '2mb';
const KEPT_HEADERS = [
  'content-type',
  'user-agent',
  'x-shopify-topic',
  'x-shopify-shop-domain',
  'x-shopify-api-version',
  'x-shopify-webhook-id',
  'x-shopify-event-id',
  'x-shopify-triggered-at',
  'x-wc-webhook-source',
  'x-wc-webhook-topic',
  'x-wc-webhook-resource',
  'x-wc-webhook-event',
  'x-wc-webhook-id',
  'x-wc-webhook-delivery-id',
];

function keptHeaders(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') out[name] = value.slice(0, 300);
  }
  return out;
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Stores a signed delivery with ONE statement (deduplicated on the channel's delivery id) and
 * answers 200 `{ ok, id, outcome: 'pending' }`; the channel applier (intake/channels/channel-inbox.ts),
 * kicked as the insert commits, reads and applies it off the request and records the outcome on the
 * row (the Integrations page shows it, rejected bodies with their reason). A repeat is answered with
 * the first copy's id and outcome (`duplicate: true`); a repeat of one whose apply failed is applied
 * again. Only a database that refuses the insert is a 5xx (the channel retries).
 */
async function storeDelivery(
  deps: AppDeps,
  channel: Channel,
  req: Request,
  res: Response,
  input: { raw: string; deliveryId: string; topic: string },
): Promise<void> {
  const stored = await storeChannelWebhook(deps.db, {
    channel,
    deliveryId: input.deliveryId,
    topic: input.topic,
    headers: keptHeaders(req),
    rawBody: input.raw,
    receivedAt: deps.clock.now(),
  });
  if (stored.outcome === 'pending') deps.channelInbox.kick();
  deps.logger.info(
    { channel, topic: input.topic, webhookId: stored.id, outcome: stored.outcome, repeat: !stored.inserted },
    `[${CHANNEL_LABEL[channel].toUpperCase()}] webhook ${stored.inserted ? 'stored' : 'repeated'}`,
  );
  res
    .status(200)
    .json(
      stored.inserted
        ? { ok: true, id: stored.id, outcome: stored.outcome }
        : { ok: true, id: stored.id, duplicate: true, outcome: stored.outcome },
    );
}

/** POST /api/integrations/shopify/webhooks and /woocommerce/webhooks: signature on the raw body first, then one INSERT, answer; applied off the request. */
export function channelWebhookRoutes(deps: AppDeps): Router {
  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: MAX_BODY }));
  const rawOf = (req: Request): Buffer => (Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));

  router.post('/shopify/webhooks', async (req, res) => {
    const config = deps.config.channels.shopify;
    if (!config) {
      res.status(404).json({ ok: false, error: 'the Shopify channel is not configured (set SHOPIFY_WEBHOOK_SECRET)' });
      return;
    }
    const raw = rawOf(req);
    if (!isValidShopifyHmac(raw, header(req, 'x-shopify-hmac-sha256'), config.webhookSecret)) {
      deps.logger.warn({ ip: req.ip }, '[SHOPIFY] webhook rejected: HMAC missing or wrong');
      res.status(401).json({ ok: false, error: 'X-Shopify-Hmac-Sha256 is missing or does not match the body' });
      return;
    }
    const deliveryId = header(req, 'x-shopify-webhook-id')?.trim();
    const topic = header(req, 'x-shopify-topic')?.trim();
    if (!deliveryId || deliveryId.length > 255 || !topic) {
      res.status(400).json({ ok: false, error: 'X-Shopify-Webhook-Id and X-Shopify-Topic are required' });
      return;
    }
    await storeDelivery(deps, 'shopify', req, res, { raw: raw.toString('utf8'), deliveryId, topic });
  });

  router.post('/woocommerce/webhooks', async (req, res) => {
    const config = deps.config.channels.woocommerce;
    if (!config) {
      res
        .status(404)
        .json({ ok: false, error: 'the WooCommerce channel is not configured (set WOOCOMMERCE_WEBHOOK_SECRET)' });
      return;
    }
    const raw = rawOf(req);
    const signature = header(req, 'x-wc-webhook-signature');
    // WooCommerce's creation ping: unsigned, form-encoded webhook_id=N, and it wants exactly 200.
    if (!signature && isWooPing(raw.toString('utf8'))) {
      res.status(200).json({ ok: true, ping: true });
      return;
    }
    if (!isValidWooSignature(raw, signature, config.webhookSecret)) {
      deps.logger.warn({ ip: req.ip }, '[WOOCOMMERCE] webhook rejected: signature missing or wrong');
      res.status(401).json({ ok: false, error: 'X-WC-Webhook-Signature is missing or does not match the body' });
      return;
    }
    const topic = header(req, 'x-wc-webhook-topic')?.trim() || 'order.updated';
    // WooCommerce sends no event id; a coalesced delivery carries the whole current order, so the
    // same body twice is the same news.
    const deliveryId = createHash('sha256').update(raw).digest('hex');
    await storeDelivery(deps, 'woocommerce', req, res, { raw: raw.toString('utf8'), deliveryId, topic });
  });

  router.all('/{*rest}', (req, res) => {
    res.status(404).json({
      ok: false,
      error: `no route ${req.method} ${req.baseUrl}${req.path}; use POST /api/integrations/shopify/webhooks or /api/integrations/woocommerce/webhooks`,
    });
  });
  return router;
}
