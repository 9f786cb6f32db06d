import {
  findChannelWriteback,
  findEventContext,
  findOrderById,
  findWrittenFulfillmentId,
  recordWritebackAttempt,
  type WritebackRecord,
} from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import type { JobPayloads, QueueJob } from '../../platform/core/job-queue';
import { trackingLink } from '../../platform/security/tokens';
import { ChannelCallError } from './channel-call-error';
import { ShopifyAdminClient } from './shopify/shopify.client';
import {
  FULFILLMENT_CREATE_MUTATION,
  FULFILLMENT_EVENT_CREATE_MUTATION,
  FULFILLMENT_ORDERS_QUERY,
  fulfillmentCreateResponse,
  fulfillmentEventCreateResponse,
  fulfillmentEventInput,
  fulfillmentInput,
  fulfillmentOrdersResponse,
  OPEN_FULFILLMENT_ORDER_STATUSES,
  ORDER_NOTE_QUERY,
  ORDER_UPDATE_MUTATION,
  codDeclinedOrderInput,
  orderGid,
  orderNoteResponse,
  orderUpdateResponse,
} from './shopify/shopify.wire';
import { WooCommerceClient } from './woocommerce/woocommerce.client';
import { bookingNoteBody, codDeclinedNoteBody, completedBody, wooPaths } from './woocommerce/woocommerce.wire';
import { codDeclinedChannelNote } from '../../outbox/messaging/cod-confirmation.messages';

type Done = { remoteId: string | null };

async function shopifyWriteback(deps: AppDeps, row: WritebackRecord): Promise<Done> {
  const admin = deps.config.channels.shopify?.admin;
  if (!admin) throw new ChannelCallError('the Shopify Admin API is not configured', false);
  const context = await findEventContext(deps.db, row.orderId, row.shipmentId);
  if (!context?.externalId) throw new ChannelCallError('the order has no Shopify id', false);
  const client = new ShopifyAdminClient(admin);
  if (row.kind === 'cod_note') {
    const found = await client.run(ORDER_NOTE_QUERY, { id: orderGid(context.externalId) }, orderNoteResponse);
    if (!found.order) throw new ChannelCallError('Shopify does not know this order', false);
    const update = codDeclinedOrderInput(found.order, codDeclinedChannelNote(context.orderNumber));
    // A retry after a lost answer: the note and tag are there already.
    if (!update) return { remoteId: found.order.id };
    const answer = await client.run(ORDER_UPDATE_MUTATION, update, orderUpdateResponse);
    if (answer.orderUpdate.userErrors.length > 0 || !answer.orderUpdate.order) {
      throw new ChannelCallError(
        `Shopify refused the note: ${answer.orderUpdate.userErrors.map((e) => e.message).join('; ')}`,
        false,
        null,
        answer.orderUpdate.userErrors,
      );
    }
    return { remoteId: answer.orderUpdate.order.id };
  }
  if (row.kind === 'fulfillment') {
    const awb = context.shipment?.awb;
    if (!awb) throw new ChannelCallError('the shipment has no AWB yet', true);
    const found = await client.run(
      FULFILLMENT_ORDERS_QUERY,
      { id: orderGid(context.externalId) },
      fulfillmentOrdersResponse,
    );
    if (!found.order) throw new ChannelCallError('Shopify does not know this order', false);
    // A retry after a lost answer: the fulfillment with our AWB is already there.
    const existing = found.order.fulfillments.find((f) => f.trackingInfo.some((t) => t.number === awb));
    if (existing) return { remoteId: existing.id };
    const open = found.order.fulfillmentOrders.nodes.filter((n) => OPEN_FULFILLMENT_ORDER_STATUSES.has(n.status));
    if (open.length === 0) {
      throw new ChannelCallError(
        'no open fulfillment orders: fulfilled elsewhere already, or the token lacks the location (write_merchant_managed_fulfillment_orders)',
        false,
      );
    }
    const answer = await client.run(
      FULFILLMENT_CREATE_MUTATION,
      fulfillmentInput({
        fulfillmentOrderIds: open.map((n) => n.id),
        courier: context.shipment?.courierName ?? null,
        awb,
        trackingUrl: trackingLink(deps.config.publicUrl, deps.secrets.appSecret, context.orderNumber),
      }),
      fulfillmentCreateResponse,
    );
    const created = answer.fulfillmentCreate;
    if (created.userErrors.length > 0 || !created.fulfillment) {
      throw new ChannelCallError(
        `Shopify refused the fulfillment: ${created.userErrors.map((e) => e.message).join('; ')}`,
        false,
        null,
        created.userErrors,
      );
    }
    return { remoteId: created.fulfillment.id };
  }
  const fulfillmentId = await findWrittenFulfillmentId(deps.db, row.orderId, row.shipmentId);
  // The booking's fulfillment is not written yet (or is being retried): try again later.
  if (!fulfillmentId) throw new ChannelCallError('the fulfillment for this shipment is not in Shopify yet', true);
  const answer = await client.run(
    FULFILLMENT_EVENT_CREATE_MUTATION,
    fulfillmentEventInput({ fulfillmentId, status: row.eventStatus ?? 'IN_TRANSIT', happenedAt: row.createdAt }),
    fulfillmentEventCreateResponse,
  );
  const event = answer.fulfillmentEventCreate;
  if (event.userErrors.length > 0 || !event.fulfillmentEvent) {
    throw new ChannelCallError(
      `Shopify refused the event: ${event.userErrors.map((e) => e.message).join('; ')}`,
      false,
      null,
      event.userErrors,
    );
  }
  return { remoteId: event.fulfillmentEvent.id };
}

async function wooWriteback(deps: AppDeps, row: WritebackRecord): Promise<Done> {
  const config = deps.config.channels.woocommerce;
  if (!config?.keys) throw new ChannelCallError('the WooCommerce REST API keys are not configured', false);
  const client = new WooCommerceClient({ ...config, keys: config.keys });
  const order = await findOrderById(deps.db, row.orderId);
  if (!order?.externalId) throw new ChannelCallError('the order has no WooCommerce id', false);
  if (row.kind === 'cod_note') {
    const note = (await client.request(
      'POST',
      wooPaths.notes(order.externalId),
      codDeclinedNoteBody(codDeclinedChannelNote(order.orderNumber)),
    )) as { id?: unknown };
    return { remoteId: typeof note.id === 'number' || typeof note.id === 'string' ? String(note.id) : null };
  }
  if (row.kind === 'note') {
    const context = await findEventContext(deps.db, row.orderId, row.shipmentId);
    const awb = context?.shipment?.awb;
    if (!awb) throw new ChannelCallError('the shipment has no AWB yet', true);
    const note = (await client.request(
      'POST',
      wooPaths.notes(order.externalId),
      bookingNoteBody({
        courier: context.shipment?.courierName ?? null,
        awb,
        trackingUrl: trackingLink(deps.config.publicUrl, deps.secrets.appSecret, order.orderNumber),
      }),
    )) as { id?: unknown };
    return { remoteId: typeof note.id === 'number' || typeof note.id === 'string' ? String(note.id) : null };
  }
  await client.request('PUT', wooPaths.order(order.externalId), completedBody);
  return { remoteId: null };
}

/**
 * Writes one milestone back to the order's store. Retryable failures (network, 5xx, throttling,
 * a fulfillment not written yet) throw so the queue retries with backoff; refusals (userErrors,
 * 4xx) and the last retry end as `failed`, with the store's own errors kept for the admin.
 */
export async function runChannelWriteback(
  deps: AppDeps,
  job: QueueJob<JobPayloads['channel-writeback']>,
  retryLimit: number,
): Promise<void> {
  const row = await findChannelWriteback(deps.db, job.data.writebackId);
  if (!row || row.state !== 'pending') return;
  const log = deps.logger.child({ writebackId: row.id, channel: row.channel, kind: row.kind, orderId: row.orderId });
  try {
    const done = row.channel === 'shopify' ? await shopifyWriteback(deps, row) : await wooWriteback(deps, row);
    await recordWritebackAttempt(deps.db, row.id, {
      state: 'done',
      error: null,
      userErrors: null,
      remoteId: done.remoteId,
      now: deps.clock.now(),
    });
    log.info({ attempts: row.attempts + 1 }, `[${row.channel.toUpperCase()}] write-back done`);
  } catch (err) {
    const call = err instanceof ChannelCallError ? err : null;
    const message = err instanceof Error ? err.message : String(err);
    const final = (call !== null && !call.retryable) || job.retryCount >= retryLimit;
    await recordWritebackAttempt(deps.db, row.id, {
      state: final ? 'failed' : 'pending',
      error: message,
      userErrors: call?.userErrors ?? null,
      remoteId: null,
      now: deps.clock.now(),
    });
    if (final) {
      log.error({ reason: message }, `[${row.channel.toUpperCase()}] write-back failed for good`);
      return;
    }
    log.warn(
      { reason: message, retry: job.retryCount },
      `[${row.channel.toUpperCase()}] write-back failed, will retry`,
    );
    throw err;
  }
}
