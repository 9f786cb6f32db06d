import { CompiledQuery, sql, type ExpressionBuilder, type Transaction } from 'kysely';
import { prepareOnEveryConnection } from '../prepared';
import type { DB, InboxEntry, InboxKind, InboxOutcome } from '../schema';
import type { DbExecutor } from './db-executor';
import { isRowId } from './ids';

/** A stored webhook push as the app reads it back (`payload` is the normalised event, or null when rejected). */
export interface InboxRecord {
  id: string;
  kind: InboxKind;
  receivedAt: Date;
  contentType: string | null;
  rawBody: string;
  payload: unknown;
  dedupeKey: string | null;
  awb: string | null;
  providerShipmentId: string | null;
  clientOrderId: string | null;
  orderId: string | null;
  shipmentId: string | null;
  outcome: InboxOutcome;
  outcomeDetail: string | null;
  attempts: number;
  processedAt: Date | null;
}

export function toInboxRecord(row: InboxEntry): InboxRecord {
  return {
    id: row.id,
    kind: row.kind,
    receivedAt: row.received_at,
    contentType: row.content_type,
    rawBody: row.raw_body,
    payload: row.payload,
    dedupeKey: row.dedupe_key,
    awb: row.awb,
    providerShipmentId: row.provider_shipment_id,
    clientOrderId: row.client_order_id,
    orderId: row.order_id,
    shipmentId: row.shipment_id,
    outcome: row.outcome,
    outcomeDetail: row.outcome_detail,
    attempts: row.attempts,
    processedAt: row.processed_at,
  };
}

/** Outcomes that still wait for work: the sweeper and "apply what waited for this shipment" pick these. */
export const WAITING_OUTCOMES = ['pending', 'deferred', 'failed'] as const satisfies readonly InboxOutcome[];
/** Outcomes of a push that was acted on (a second push with the same key is a duplicate of it). */
const SETTLED_OUTCOMES = ['applied', 'stale', 'review', 'duplicate'] as const satisfies readonly InboxOutcome[];

/** A push as the webhook stores it: as it arrived (the applier reads its event from `rawBody` again). */
export interface NewPush {
  kind: InboxKind;
  receivedAt: Date;
  contentType: string | null;
  headers: Record<string, string>;
  rawBody: string;
  dedupeKey: string | null;
  awb: string | null;
  providerShipmentId: string | null;
  clientOrderId: string | null;
  /** `pending` to apply, or `rejected` with the reason (kept so the admin can see what arrived). */
  outcome: 'pending' | 'rejected';
  outcomeDetail: string | null;
}

/** A row as the webhook stored it before migration 2026_12_07_110000: with its parsed event in `payload` (tests of such rows). */
export interface NewInboxEntry extends NewPush {
  payload: unknown;
}

export async function insertInboxEntry(db: DbExecutor, entry: NewInboxEntry): Promise<string> {
  const row = await db
    .insertInto('webhook_inbox')
    .values({
      kind: entry.kind,
      received_at: entry.receivedAt,
      content_type: entry.contentType,
      headers: JSON.stringify(entry.headers),
      raw_body: entry.rawBody,
      payload: entry.payload === null ? null : JSON.stringify(entry.payload),
      dedupe_key: entry.dedupeKey,
      awb: entry.awb,
      provider_shipment_id: entry.providerShipmentId,
      client_order_id: entry.clientOrderId,
      outcome: entry.outcome,
      outcome_detail: entry.outcomeDetail,
      processed_at: entry.outcome === 'rejected' ? entry.receivedAt : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The webhook's one statement (storeInboxEntry): an INSERT with ON CONFLICT DO NOTHING, and the
 * already-stored row read in the same statement when the dedupe key ($6) is taken. A fixed text,
 * so it is neither built nor compiled per push, and prepared once per connection (its plan is the
 * unique key's, whatever the values). The push is stored once, as it arrived: no `payload` (its
 * parsed event, which the applier reads from raw_body again), as the INSERT is WAL-bound.
 */
const STORE_INBOX_ENTRY_SQL = `with ins as (
  insert into webhook_inbox (kind, received_at, content_type, headers, raw_body, dedupe_key, awb,
    provider_shipment_id, client_order_id, outcome, outcome_detail, processed_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
  on conflict (dedupe_key) do nothing
  returning id, outcome
)
select id, true as inserted, outcome from ins
union all
select id, false as inserted, outcome from webhook_inbox
where dedupe_key = $6 and not exists (select 1 from ins)`;
prepareOnEveryConnection(STORE_INBOX_ENTRY_SQL);

/**
 * The webhook's one statement: stores a push, or, when a push with the same dedupe key is already
 * stored, stores nothing and answers that row's id (`inserted` false). One INSERT with ON CONFLICT
 * DO NOTHING; the already-stored row is read in the same statement, so a repeat costs no more.
 * (A repeat racing its first copy's commit can see neither: then `id` is null, still stored once.)
 */
export async function storeInboxEntry(
  db: DbExecutor,
  entry: NewPush,
): Promise<{ id: string | null; inserted: boolean; outcome: InboxOutcome | null }> {
  const result = await db.executeQuery<{ id: string | number; inserted: boolean; outcome: InboxOutcome }>(
    CompiledQuery.raw(STORE_INBOX_ENTRY_SQL, [
      entry.kind,
      entry.receivedAt,
      entry.contentType,
      JSON.stringify(entry.headers),
      entry.rawBody,
      entry.dedupeKey,
      entry.awb,
      entry.providerShipmentId,
      entry.clientOrderId,
      entry.outcome,
      entry.outcomeDetail,
      entry.outcome === 'rejected' ? entry.receivedAt : null,
    ]),
  );
  const row = result.rows[0];
  if (!row) return { id: null, inserted: false, outcome: null };
  return { id: String(row.id), inserted: row.inserted, outcome: row.outcome };
}

/**
 * The applier's claim: up to `limit` pushes waiting to be applied, oldest first, each locked for
 * this transaction (SKIP LOCKED: rows another applier holds are left to it); with `lane`, only the
 * pushes of that lane's shipments.
 */
export async function claimPendingInbox(
  tx: Transaction<DB>,
  limit: number,
  lane: { index: number; count: number } = { index: 0, count: 1 },
): Promise<InboxRecord[]> {
  let query = tx.selectFrom('webhook_inbox').selectAll().where('outcome', '=', 'pending');
  // Lanes split the inbox by the shipment a push names (its iCarry id, else AWB, else our ref):
  // the pushes of one shipment all fall in one lane, so two lanes never apply them out of order.
  if (lane.count > 1)
    query = query.where(
      sql`mod(abs(hashtext(coalesce(provider_shipment_id, awb, client_order_id, id::text))::bigint), ${lane.count})`,
      '=',
      lane.index,
    );
  const rows = await query.orderBy('id').limit(limit).forUpdate().skipLocked().execute();
  return rows.map(toInboxRecord);
}

/** Whether any push waits to be applied (the test harness's "drained?"). */
export async function hasPendingInbox(db: DbExecutor): Promise<boolean> {
  const row = await db
    .selectFrom('webhook_inbox')
    .select('id')
    .where('outcome', '=', 'pending')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Claims a stored push for applying; undefined when another instance holds it right now (SKIP LOCKED) or it does not exist. */
export async function claimInboxEntry(tx: Transaction<DB>, inboxId: string): Promise<InboxRecord | undefined> {
  const row = await tx
    .selectFrom('webhook_inbox')
    .selectAll()
    .where('id', '=', inboxId)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row && toInboxRecord(row);
}

export async function recordInboxOutcome(
  db: DbExecutor,
  inboxId: string,
  result: {
    outcome: InboxOutcome;
    detail: string | null;
    orderId?: string | null;
    shipmentId?: string | null;
    attempts: number;
    processedAt: Date | null;
  },
): Promise<void> {
  await db
    .updateTable('webhook_inbox')
    .set({
      outcome: result.outcome,
      outcome_detail: result.detail,
      ...(result.orderId !== undefined ? { order_id: result.orderId } : {}),
      ...(result.shipmentId !== undefined ? { shipment_id: result.shipmentId } : {}),
      attempts: result.attempts,
      processed_at: result.processedAt,
    })
    .where('id', '=', inboxId)
    .execute();
}

/** One outcome per row, for a batch the applier claimed: one UPDATE (as recordInboxOutcome for each). */
export async function recordInboxOutcomes(
  tx: Transaction<DB>,
  results: readonly {
    inboxId: string;
    outcome: InboxOutcome;
    detail: string | null;
    orderId: string | null;
    shipmentId: string | null;
    attempts: number;
    processedAt: Date | null;
  }[],
): Promise<void> {
  if (results.length === 0) return;
  const values = sql.join(
    results.map(
      (r) =>
        sql`(${r.inboxId}::bigint, ${r.outcome}::text, ${r.detail}::text, ${r.orderId}::bigint, ${r.shipmentId}::bigint, ${r.attempts}::int, ${r.processedAt}::timestamptz)`,
    ),
  );
  await sql`
    update webhook_inbox w set outcome = v.outcome, outcome_detail = v.detail, order_id = v.order_id,
      shipment_id = v.shipment_id, attempts = v.attempts, processed_at = v.processed_at
    from (values ${values}) as v(id, outcome, detail, order_id, shipment_id, attempts, processed_at)
    where w.id = v.id`.execute(tx);
}

/** Of these (dedupe key, own row) pairs, the keys another row already acted on (hasSettledDuplicate for a batch). */
export async function findSettledDuplicates(
  db: DbExecutor,
  pairs: readonly { dedupeKey: string; exceptId: string }[],
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const values = sql.join(pairs.map((p) => sql`(${p.dedupeKey}::text, ${p.exceptId}::bigint)`));
  const result = await sql<{ dedupe_key: string }>`
    select distinct w.dedupe_key from webhook_inbox w
    join (values ${values}) as v(key, except_id) on w.dedupe_key = v.key and w.id <> v.except_id
    where w.outcome in (${sql.join(SETTLED_OUTCOMES)})`.execute(db);
  return new Set(result.rows.map((r) => r.dedupe_key));
}

/** Applying threw: the row stays for the sweeper, with why. */
export async function markInboxFailed(db: DbExecutor, inboxId: string, detail: string): Promise<void> {
  await db
    .updateTable('webhook_inbox')
    .set((eb) => ({ outcome: 'failed', outcome_detail: detail.slice(0, 500), attempts: eb('attempts', '+', 1) }))
    .where('id', '=', inboxId)
    .execute();
}

/** Whether a push with this dedupe key (other than `exceptId`) was already acted on. */
export async function hasSettledDuplicate(db: DbExecutor, dedupeKey: string, exceptId: string): Promise<boolean> {
  const row = await db
    .selectFrom('webhook_inbox')
    .select('id')
    .where('dedupe_key', '=', dedupeKey)
    .where('id', '<>', exceptId)
    .where('outcome', 'in', SETTLED_OUTCOMES)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Stored pushes still waiting that name this shipment by iCarry id, AWB or our client ref, oldest
 * first. Two reads in one statement: the `pending` ones through the applier's short queue
 * (webhook_inbox_pending), the `deferred` and `failed` ones through the ref indexes, which hold
 * only those (a push arriving enters no ref index: migration 2026_12_07_110000).
 */
export async function listWaitingInboxIds(
  db: DbExecutor,
  ref: { providerShipmentId: string | null; awb: string | null; clientRef: string },
): Promise<string[]> {
  const namesShipment = (eb: ExpressionBuilder<DB, 'webhook_inbox'>) =>
    eb.or([
      ...(ref.providerShipmentId ? [eb('provider_shipment_id', '=', ref.providerShipmentId)] : []),
      ...(ref.awb ? [eb('awb', '=', ref.awb)] : []),
      eb('client_order_id', '=', ref.clientRef),
    ]);
  const pending = db.selectFrom('webhook_inbox').select('id').where('outcome', '=', 'pending').where(namesShipment);
  const parked = db
    .selectFrom('webhook_inbox')
    .select('id')
    .where('outcome', 'in', ['deferred', 'failed'])
    .where(namesShipment);
  const rows = await db.selectFrom(pending.unionAll(parked).as('w')).select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/**
 * The retry sweep: pushes left `pending` (a crash between storing and applying) or `failed`,
 * stored before `settledBefore`, oldest first. Deferred pushes have their own sweep, so however
 * many of those wait, these are never pushed out of the window.
 */
export async function listRetryableInboxIds(
  db: DbExecutor,
  input: { settledBefore: Date; maxAttempts: number; limit: number },
): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_inbox')
    .select('id')
    .where('outcome', 'in', ['pending', 'failed'])
    .where('received_at', '<', input.settledBefore)
    .where('attempts', '<', input.maxAttempts)
    .orderBy('id')
    .limit(input.limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The deferred sweep: pushes that named a shipment we did not know yet, received after
 * `receivedSince`; least-tried first, so each gets its turn.
 */
export async function listDeferredInboxIds(
  db: DbExecutor,
  input: { receivedSince: Date; limit: number },
): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_inbox')
    .select('id')
    .where('outcome', '=', 'deferred')
    .where('received_at', '>=', input.receivedSince)
    .orderBy('attempts')
    .orderBy('id')
    .limit(input.limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Deferred pushes older than the give-up age stop waiting (their shipment was never booked here). */
export async function giveUpDeferredInbox(
  db: DbExecutor,
  input: { receivedBefore: Date; detail: string; now: Date },
): Promise<number> {
  const result = await db
    .updateTable('webhook_inbox')
    .set({ outcome: 'stale', outcome_detail: input.detail, processed_at: input.now })
    .where('outcome', '=', 'deferred')
    .where('received_at', '<', input.receivedBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Retention: settled pushes (kept for the admin's inbox view) older than `before`, at most `limit` at a time. */
export async function deleteSettledInboxBefore(db: DbExecutor, before: Date, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('webhook_inbox')
    .where(
      'id',
      'in',
      db
        .selectFrom('webhook_inbox')
        .select('id')
        .where('received_at', '<', before)
        .where('outcome', 'not in', WAITING_OUTCOMES)
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findInboxEntry(db: DbExecutor, inboxId: string): Promise<InboxRecord | undefined> {
  if (!isRowId(inboxId)) return undefined;
  const row = await db.selectFrom('webhook_inbox').selectAll().where('id', '=', inboxId).executeTakeFirst();
  return row && toInboxRecord(row);
}

/** Puts a stored push back in line to be applied again (an admin's "re-apply"). */
export async function requeueInboxEntry(db: DbExecutor, inboxId: string): Promise<void> {
  await db.updateTable('webhook_inbox').set({ outcome: 'pending' }).where('id', '=', inboxId).execute();
}

/** Newest first; the admin's view of what arrived. */
export async function listInboxEntries(
  db: DbExecutor,
  filter: { orderId?: string | undefined; outcome?: InboxOutcome | undefined; limit: number },
): Promise<InboxRecord[]> {
  let query = db.selectFrom('webhook_inbox').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.orderId) query = query.where('order_id', '=', filter.orderId);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  const rows = await query.execute();
  return rows.map(toInboxRecord);
}

/** The client_order_id iCarry's pushes gave for one of its shipments (they echo what the booking sent), if any. */
export async function findPushedClientRef(db: DbExecutor, providerShipmentId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('webhook_inbox')
    .select('client_order_id')
    .where('provider_shipment_id', '=', providerShipmentId)
    .where('client_order_id', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.client_order_id ?? undefined;
}
