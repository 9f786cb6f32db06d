import { sql, type Transaction } from 'kysely';
import type { Channel, ChannelWebhookOutcome, DB } from '../schema';
import type { DbExecutor } from './db-executor';
import { parseProductWeight } from './product.repository';

export interface NewChannelWebhook {
  channel: Channel;
  deliveryId: string;
  topic: string;
  headers: Record<string, string>;
  rawBody: string;
  receivedAt: Date;
}

/**
 * Stores a delivery the caller applies itself (the reconciliation poll): held by it until
 * `claimUntil`, so the channel applier leaves it alone unless the caller dies first. Undefined
 * when this (channel, delivery id) was stored before.
 */
export async function insertChannelWebhook(
  db: DbExecutor,
  entry: NewChannelWebhook & { claimUntil: Date },
): Promise<string | undefined> {
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
      next_attempt_at: entry.claimUntil,
      attempts: 1,
    })
    .onConflict((oc) => oc.columns(['channel', 'delivery_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** What the channel webhook's one statement did (storeChannelWebhook). */
export interface StoredChannelWebhook {
  /** The delivery's row; null only when a repeat raced its first copy's commit (stored once still). */
  id: string | null;
  /** false: this (channel, delivery id) was stored before (a retry or a second subscription). */
  inserted: boolean;
  /** `pending` when stored now or a failed one was put back for applying; else the earlier outcome. */
  outcome: ChannelWebhookOutcome;
}

/**
 * The channel webhook's one statement: stores a delivery as received, deduplicated on (channel,
 * delivery id). A repeat of a delivery whose apply failed puts it back to `pending` (the channel's
 * retry is applied again); a repeat of any other is stored nothing and answered with that row's id
 * and outcome, read in the same statement.
 */
export async function storeChannelWebhook(db: DbExecutor, entry: NewChannelWebhook): Promise<StoredChannelWebhook> {
  const result = await sql<{ id: string | number; inserted: boolean; outcome: ChannelWebhookOutcome }>`
    with ins as (
      insert into channel_webhooks (channel, delivery_id, topic, headers, raw_body, received_at)
      values (${entry.channel}, ${entry.deliveryId}, ${entry.topic.slice(0, 100)}, ${JSON.stringify(entry.headers)},
        ${entry.rawBody.replaceAll('\u0000', '\\u0000')}, ${entry.receivedAt})
      on conflict (channel, delivery_id) do update set outcome = 'pending', next_attempt_at = null
        where channel_webhooks.outcome = 'failed'
      returning id, (xmax = 0) as inserted, outcome
    )
    select id, inserted, outcome from ins
    union all
    select id, false as inserted, outcome from channel_webhooks
    where channel = ${entry.channel} and delivery_id = ${entry.deliveryId} and not exists (select 1 from ins)`.execute(
    db,
  );
  const row = result.rows[0];
  if (!row) return { id: null, inserted: false, outcome: 'pending' };
  return { id: String(row.id), inserted: row.inserted, outcome: row.outcome };
}

/** A stored delivery as the channel applier takes it. */
export interface ClaimedChannelWebhook {
  id: string;
  channel: Channel;
  topic: string;
  rawBody: string;
  /** Tries before this one. */
  attempts: number;
}

/** Any number: the channel applier's claim lock (pg_advisory_xact_lock), so claims happen one at a time. */
const CHANNEL_APPLIER_LOCK = 7_262_026_001;

/** Serialises the channel appliers' claims (every instance's) until the caller's transaction ends. */
export async function lockChannelApplier(tx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${CHANNEL_APPLIER_LOCK}::bigint)`.execute(tx);
}

/**
 * Whether an applier (any instance) holds a claimed batch of webhooks now: its claim has not run
 * out. (The reconciliation poll's own rows do not count: it applies them one at a time itself.)
 */
export async function hasChannelClaimInFlight(db: DbExecutor, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('channel_webhooks')
    .select('id')
    .where('outcome', '=', 'pending')
    .where('next_attempt_at', '>', now)
    .where('topic', '<>', 'poll')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The channel applier's claim: up to `limit` deliveries, oldest first, that are pending (and held
 * by nobody, or by a claim that ran out) or failed with their retry due and fewer than
 * `maxAttempts` tries. Each is marked pending, held until `claimUntil`, one more try counted.
 * Returned in id order (arrival order).
 */
export async function claimChannelWebhooks(
  tx: Transaction<DB>,
  input: { limit: number; now: Date; claimUntil: Date; maxAttempts: number },
): Promise<ClaimedChannelWebhook[]> {
  const rows = await tx
    .updateTable('channel_webhooks')
    .set((eb) => ({ outcome: 'pending', next_attempt_at: input.claimUntil, attempts: eb('attempts', '+', 1) }))
    .where(
      'id',
      'in',
      tx
        .selectFrom('channel_webhooks')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([
              eb('outcome', '=', 'pending'),
              eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', input.now)]),
            ]),
            eb.and([
              eb('outcome', '=', 'failed'),
              eb('next_attempt_at', '<=', input.now),
              eb('attempts', '<', input.maxAttempts),
            ]),
          ]),
        )
        .orderBy('id')
        .limit(input.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'channel', 'topic', 'raw_body', 'attempts'])
    .execute();
  return rows
    .map((r) => ({ id: r.id, channel: r.channel, topic: r.topic, rawBody: r.raw_body, attempts: r.attempts - 1 }))
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

/** Applying failed for a passing reason: the row waits for its retry at `retryAt`, with why. */
export async function markChannelWebhookFailed(
  db: DbExecutor,
  webhookId: string,
  input: { detail: string; retryAt: Date; processedAt: Date },
): Promise<void> {
  await db
    .updateTable('channel_webhooks')
    .set({
      outcome: 'failed',
      outcome_detail: storable(input.detail, 1000),
      next_attempt_at: input.retryAt,
      processed_at: input.processedAt,
    })
    .where('id', '=', webhookId)
    .execute();
}

/** When the next held-back delivery becomes due (a claim running out, a retry), or null when none waits. */
export async function nextChannelWebhookDue(db: DbExecutor, maxAttempts: number): Promise<Date | null> {
  const row = await db
    .selectFrom('channel_webhooks')
    .select((eb) => eb.fn.min('next_attempt_at').as('due'))
    .where((eb) =>
      eb.or([eb('outcome', '=', 'pending'), eb.and([eb('outcome', '=', 'failed'), eb('attempts', '<', maxAttempts)])]),
    )
    .where('next_attempt_at', 'is not', null)
    .executeTakeFirst();
  return row?.due ? new Date(row.due) : null;
}

/** Whether any delivery waits to be applied (the test harness's "drained?"). */
export async function hasPendingChannelWebhook(db: DbExecutor): Promise<boolean> {
  const row = await db
    .selectFrom('channel_webhooks')
    .select('id')
    .where('outcome', '=', 'pending')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
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
      next_attempt_at: null,
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
