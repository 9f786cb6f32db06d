import { sql, type Transaction } from 'kysely';
import type { Channel, ChannelWebhookOutcome, DB, WritebackKind, WritebackState } from '../schema';
import type { DbExecutor } from './db-executor';
import { isRowId } from './ids';
import { parseProductWeight } from './product.repository';

export interface NewChannelWebhook {
  channel: Channel;
  deliveryId: string;
  topic: string;
  headers: Record<string, string>;
  rawBody: string;
  receivedAt: Date;
}

/** Stores a delivery as received; undefined when this (channel, delivery id) was stored before (a retry). */
export async function insertChannelWebhook(db: DbExecutor, entry: NewChannelWebhook): Promise<string | undefined> {
  const row = await db
    .insertInto('channel_webhooks')
    .values({
      channel: entry.channel,
      delivery_id: entry.deliveryId,
      topic: entry.topic.slice(0, 100),
      headers: JSON.stringify(entry.headers),
      // PostgreSQL text cannot hold NUL: keep the body readable with NULs written out.
      raw_body: entry.rawBody.replaceAll('\u0000', '\\u0000'),
      received_at: entry.receivedAt,
    })
    .onConflict((oc) => oc.columns(['channel', 'delivery_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Text a signed body put in a detail or id, made storable: NULs written out, lone surrogates replaced. */
function storable(text: string | null, max: number): string | null {
  if (text === null) return null;
  return text
    .replaceAll('\u0000', '\\u0000')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .slice(0, max);
}

/** What applying a delivery did. Its detail and id may quote the body: they are made storable first. */
export async function recordChannelWebhookOutcome(
  db: DbExecutor,
  webhookId: string,
  result: {
    outcome: ChannelWebhookOutcome;
    detail: string | null;
    orderId: string | null;
    externalId: string | null;
    processedAt: Date;
  },
): Promise<void> {
  await db
    .updateTable('channel_webhooks')
    .set({
      outcome: result.outcome,
      outcome_detail: storable(result.detail, 1000),
      order_id: result.orderId,
      external_id: storable(result.externalId, 255),
      processed_at: result.processedAt,
    })
    .where('id', '=', webhookId)
    .execute();
}

export interface ChannelWebhookRow {
  id: string;
  topic: string;
  externalId: string | null;
  orderId: string | null;
  orderNumber: string | null;
  outcome: ChannelWebhookOutcome;
  outcomeDetail: string | null;
  receivedAt: Date;
}

/** A channel's most recent deliveries, newest first (the Integrations page). */
export async function listChannelWebhooks(
  db: DbExecutor,
  channel: Channel,
  limit: number,
): Promise<ChannelWebhookRow[]> {
  const rows = await db
    .selectFrom('channel_webhooks as w')
    .leftJoin('orders as o', 'o.id', 'w.order_id')
    .select([
      'w.id',
      'w.topic',
      'w.external_id',
      'w.order_id',
      'o.order_number',
      'w.outcome',
      'w.outcome_detail',
      'w.received_at',
    ])
    .where('w.channel', '=', channel)
    .orderBy('w.id', 'desc')
    .limit(Math.min(Math.max(limit, 1), 200))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    topic: r.topic,
    externalId: r.external_id,
    orderId: r.order_id,
    orderNumber: r.order_number,
    outcome: r.outcome,
    outcomeDetail: r.outcome_detail,
    receivedAt: r.received_at,
  }));
}

export interface NewWriteback {
  channel: Channel;
  orderId: string;
  shipmentId: string | null;
  kind: WritebackKind;
  eventStatus: string | null;
  /** One write-back per key, ever: a repeated push cannot write the same milestone twice. */
  dedupeKey: string;
  now: Date;
}

/** Writes the row unless its key exists; returns the new id for the caller to queue, or undefined. */
export async function insertChannelWriteback(tx: Transaction<DB>, input: NewWriteback): Promise<string | undefined> {
  const row = await tx
    .insertInto('channel_writebacks')
    .values({
      channel: input.channel,
      order_id: input.orderId,
      shipment_id: input.shipmentId,
      kind: input.kind,
      event_status: input.eventStatus,
      dedupe_key: input.dedupeKey,
      created_at: input.now,
      updated_at: input.now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export interface WritebackRecord {
  id: string;
  channel: Channel;
  orderId: string;
  shipmentId: string | null;
  kind: WritebackKind;
  eventStatus: string | null;
  state: WritebackState;
  attempts: number;
  remoteId: string | null;
  lastError: string | null;
  userErrors: unknown;
  createdAt: Date;
  updatedAt: Date;
}

export async function findChannelWriteback(db: DbExecutor, writebackId: string): Promise<WritebackRecord | undefined> {
  if (!isRowId(writebackId)) return undefined;
  const r = await db.selectFrom('channel_writebacks').selectAll().where('id', '=', writebackId).executeTakeFirst();
  return (
    r && {
      id: r.id,
      channel: r.channel,
      orderId: r.order_id,
      shipmentId: r.shipment_id,
      kind: r.kind,
      eventStatus: r.event_status,
      state: r.state,
      attempts: r.attempts,
      remoteId: r.remote_id,
      lastError: r.last_error,
      userErrors: r.user_errors,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }
  );
}

/** The store's id for what the order's booking wrote (Shopify's fulfillment), once it is written. */
export async function findWrittenFulfillmentId(
  db: DbExecutor,
  orderId: string,
  shipmentId: string | null,
): Promise<string | undefined> {
  let query = db
    .selectFrom('channel_writebacks')
    .select('remote_id')
    .where('order_id', '=', orderId)
    .where('kind', '=', 'fulfillment')
    .where('state', '=', 'done')
    .where('remote_id', 'is not', null);
  if (shipmentId) query = query.where('shipment_id', '=', shipmentId);
  const row = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.remote_id ?? undefined;
}

/** Records one try: done (with what the store made), failed for good, or still pending (it will be retried). */
export async function recordWritebackAttempt(
  db: DbExecutor,
  writebackId: string,
  result: { state: WritebackState; error: string | null; userErrors: unknown; remoteId: string | null; now: Date },
): Promise<void> {
  await db
    .updateTable('channel_writebacks')
    .set((eb) => ({
      state: result.state,
      attempts: eb('attempts', '+', 1),
      last_error: result.error?.slice(0, 1000) ?? null,
      user_errors:
        result.userErrors === null || result.userErrors === undefined ? null : JSON.stringify(result.userErrors),
      ...(result.remoteId ? { remote_id: result.remoteId } : {}),
      updated_at: result.now,
    }))
    .where('id', '=', writebackId)
    .execute();
}

export interface WritebackRow extends WritebackRecord {
  orderNumber: string;
}

/** A channel's most recent write-backs, newest first. */
export async function listChannelWritebacks(db: DbExecutor, channel: Channel, limit: number): Promise<WritebackRow[]> {
  const rows = await db
    .selectFrom('channel_writebacks as w')
    .innerJoin('orders as o', 'o.id', 'w.order_id')
    .selectAll('w')
    .select('o.order_number')
    .where('w.channel', '=', channel)
    .orderBy('w.id', 'desc')
    .limit(Math.min(Math.max(limit, 1), 200))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    orderId: r.order_id,
    shipmentId: r.shipment_id,
    kind: r.kind,
    eventStatus: r.event_status,
    state: r.state,
    attempts: r.attempts,
    remoteId: r.remote_id,
    lastError: r.last_error,
    userErrors: r.user_errors,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    orderNumber: r.order_number,
  }));
}

export interface ChannelStateRecord {
  polledUntil: Date | null;
  lastPollAt: Date | null;
  lastPollError: string | null;
}

export async function findChannelState(db: DbExecutor, channel: Channel): Promise<ChannelStateRecord | undefined> {
  const row = await db.selectFrom('channel_state').selectAll().where('channel', '=', channel).executeTakeFirst();
  return row && { polledUntil: row.polled_until, lastPollAt: row.last_poll_at, lastPollError: row.last_poll_error };
}

/** After a poll: the new cursor (on success) and the poll's error (null on success). */
export async function saveChannelPoll(
  db: DbExecutor,
  channel: Channel,
  input: { polledUntil: Date | null; at: Date; error: string | null },
): Promise<void> {
  await db
    .insertInto('channel_state')
    .values({
      channel,
      polled_until: input.polledUntil,
      last_poll_at: input.at,
      last_poll_error: input.error?.slice(0, 500) ?? null,
    })
    .onConflict((oc) =>
      oc.column('channel').doUpdateSet({
        ...(input.polledUntil ? { polled_until: input.polledUntil } : {}),
        last_poll_at: input.at,
        last_poll_error: input.error?.slice(0, 500) ?? null,
      }),
    )
    .execute();
}

/**
 * Keeps a channel's product weight in the catalogue: creates the SKU with it, or sets it on a
 * product whose weight does not parse yet. A weight an admin fixed (one that parses) is never
 * overwritten by the store.
 */
export async function cacheChannelProductWeight(
  db: DbExecutor,
  product: { sku: string; name: string; weightText: string; pricePaise: number },
  now: Date,
): Promise<void> {
  const parsed = parseProductWeight(product.weightText);
  await sql`
    insert into products (sku, name, weight_text, weight_grams, weight_error, price_paise, created_at, updated_at)
    values (${product.sku}, ${product.name}, ${product.weightText}, ${parsed.weightGrams}, ${parsed.weightError},
      ${product.pricePaise}, ${now}, ${now})
    on conflict (sku) do update set
      weight_text = excluded.weight_text, weight_grams = excluded.weight_grams,
      weight_error = excluded.weight_error, updated_at = excluded.updated_at
    where products.weight_grams is null and excluded.weight_grams is not null`.execute(db);
}

/** The catalogue's parsed weight for these SKUs (absent = unknown or unparsed). */
export async function findParsedWeightsBySku(db: DbExecutor, skus: readonly string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (skus.length === 0) return result;
  const rows = await db
    .selectFrom('products')
    .select(['sku', 'weight_grams'])
    .where('sku', 'in', [...new Set(skus)])
    .where('weight_grams', 'is not', null)
    .execute();
  for (const r of rows) if (r.weight_grams !== null) result.set(r.sku, r.weight_grams);
  return result;
}

/** A stored delivery by (channel, delivery id): a retry of one that failed to apply is applied again. */
export async function findChannelWebhookByDelivery(
  db: DbExecutor,
  channel: Channel,
  deliveryId: string,
): Promise<{ id: string; outcome: ChannelWebhookOutcome } | undefined> {
  const row = await db
    .selectFrom('channel_webhooks')
    .select(['id', 'outcome'])
    .where('channel', '=', channel)
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirst();
  return row;
}

/**
 * Retention: settled store webhooks (their bodies hold the customer's address and phone) received
 * before `before`, at most `limit` at a time. Pending and failed ones stay for their retry. A
 * redelivery after this long (Shopify retries for 48 hours) would be taken as new: the order's
 * natural key still keeps it from becoming a second order.
 */
export async function deleteSettledChannelWebhooksBefore(db: DbExecutor, before: Date, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('channel_webhooks')
    .where(
      'id',
      'in',
      db
        .selectFrom('channel_webhooks')
        .select('id')
        .where('received_at', '<', before)
        .where('outcome', 'not in', ['pending', 'failed'])
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
