import { createHash } from 'node:crypto';
import { findChannelWebhookByDelivery, insertChannelWebhook, recordChannelWebhookOutcome, type Channel } from '@app/db';
import express, { type Request, type Response, type Router } from 'express';
import type { AppDeps } from '../../platform/core/deps';
import { isTransientFailure } from '../../platform/core/transient';
import { applyChannelOrder } from '../../intake/channels/apply-channel-order';
import { CHANNEL_LABEL, type ChannelOrder } from '../../intake/channels/channel-order';
import {
  isValidShopifyHmac,
  mapShopifyOrder,
  shopifyOrderSchema,
  SHOPIFY_ORDER_TOPICS,
} from '../../intake/channels/shopify/shopify.wire';
import { readWooCommerceDelivery } from '../../intake/channels/woocommerce/woocommerce.intake';
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

type Reader = (body: unknown, topic: string) => Promise<ChannelOrder | { error: string }>;

/**
 * Stores a signed delivery (deduplicated on the channel's delivery id), applies it and answers.
 * A delivery whose apply failed is applied again when the channel retries it. Answers 200 for
 * anything signed and stored, including bodies we cannot read and orders we refuse (their reason
 * is on the Integrations page): a channel that keeps getting errors for an order it cannot change
 * would drop the webhook. An apply that throws is rejected too unless the failure is passing (the
 * database down, a deadlock: isTransientFailure): only that is a 503, for the retry.
 */
async function storeAndApply(
  deps: AppDeps,
  channel: Channel,
  req: Request,
  res: Response,
  input: { raw: string; deliveryId: string; topic: string; read: Reader },
): Promise<void> {
  const label = CHANNEL_LABEL[channel];
  const log = deps.logger.child({ channel, topic: input.topic });
  const now = deps.clock.now();
  let id = await insertChannelWebhook(deps.db, {
    channel,
    deliveryId: input.deliveryId,
    topic: input.topic,
    headers: keptHeaders(req),
    rawBody: input.raw,
    receivedAt: now,
  });
  if (!id) {
    const earlier = await findChannelWebhookByDelivery(deps.db, channel, input.deliveryId);
    if (earlier && earlier.outcome !== 'failed' && earlier.outcome !== 'pending') {
      res.status(200).json({ ok: true, id: earlier.id, duplicate: true, outcome: earlier.outcome });
      return;
    }
    id = earlier?.id;
  }
  if (!id) throw new Error('the delivery was neither stored nor found');
  let body: unknown;
  try {
    body = JSON.parse(input.raw) as unknown;
  } catch {
    body = undefined;
  }
  const read = body === undefined ? { error: 'the body is not JSON' } : await input.read(body, input.topic);
  if ('error' in read) {
    await recordChannelWebhookOutcome(deps.db, id, {
      outcome: 'rejected',
      detail: read.error,
      orderId: null,
      externalId: null,
      processedAt: deps.clock.now(),
    });
    log.warn({ webhookId: id, reason: read.error }, `[${label.toUpperCase()}] webhook rejected`);
    // Signed, so the store sent it: a retry cannot fix it, and failures switch the webhook off.
    res.status(200).json({ ok: false, id, outcome: 'rejected', detail: read.error });
    return;
  }
  try {
    const result = await applyChannelOrder(deps, channel, read);
    await recordChannelWebhookOutcome(deps.db, id, { ...result, processedAt: deps.clock.now() });
    log.info(
      { webhookId: id, outcome: result.outcome, orderId: result.orderId },
      `[${label.toUpperCase()}] webhook ${result.outcome}`,
    );
    res.status(200).json({ ok: true, id, outcome: result.outcome, detail: result.detail });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    if (!isTransientFailure(err)) {
      // The same body would fail the same way on every retry, and a channel whose deliveries keep
      // failing switches the webhook off: kept as rejected with the reason, answered 2xx.
      log.error({ err, webhookId: id }, `[${label.toUpperCase()}] a signed webhook cannot be applied: rejected`);
      await recordChannelWebhookOutcome(deps.db, id, {
        outcome: 'rejected',
        detail: `could not be applied: ${detail}`.slice(0, 1000),
        orderId: null,
        externalId: null,
        processedAt: deps.clock.now(),
      });
      res
        .status(200)
        .json({ ok: false, id, outcome: 'rejected', detail: 'could not be applied; kept with the reason' });
      return;
    }
    log.error(
      { err, webhookId: id },
      `[${label.toUpperCase()}] applying a webhook failed; the channel's retry applies it again`,
    );
    await recordChannelWebhookOutcome(deps.db, id, {
      outcome: 'failed',
      detail,
      orderId: null,
      externalId: null,
      processedAt: deps.clock.now(),
    });
    res
      .status(503)
      .json({ ok: false, id, error: 'could not apply the order right now; it is kept and a retry applies it' });
  }
}

async function readShopify(body: unknown, topic: string): Promise<ChannelOrder | { error: string }> {
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

/** POST /api/integrations/shopify/webhooks and /woocommerce/webhooks: signature on the raw body first, then store, apply, answer. */
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
    await storeAndApply(deps, 'shopify', req, res, { raw: raw.toString('utf8'), deliveryId, topic, read: readShopify });
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
    await storeAndApply(deps, 'woocommerce', req, res, {
      raw: raw.toString('utf8'),
      deliveryId,
      topic,
      read: (body, t) => readWooCommerceDelivery(deps, body, t),
    });
  });

  router.all('/{*rest}', (req, res) => {
    res.status(404).json({
      ok: false,
      error: `no route ${req.method} ${req.baseUrl}${req.path}; use POST /api/integrations/shopify/webhooks or /api/integrations/woocommerce/webhooks`,
    });
  });
  return router;
}
