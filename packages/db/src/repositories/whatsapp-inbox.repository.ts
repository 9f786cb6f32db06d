import type { Transaction } from 'kysely';
import type { DB, WhatsAppInboxOutcome } from '../schema';
import type { DbExecutor } from './db-executor';
import { isRowId } from './ids';

export interface WhatsAppInboxRecord {
  id: string;
  receivedAt: Date;
  payload: unknown;
  outcome: WhatsAppInboxOutcome;
  outcomeDetail: string | null;
  attempts: number;
}

/** Stores a signed webhook body as received, before anything acts on it. */
export async function insertWhatsAppInboxEntry(
  db: DbExecutor,
  entry: { receivedAt: Date; rawBody: string; payload: unknown; outcome: WhatsAppInboxOutcome; detail: string | null },
): Promise<string> {
  const row = await db
    .insertInto('whatsapp_inbox')
    .values({
      received_at: entry.receivedAt,
      // PostgreSQL text cannot hold NUL.
      raw_body: entry.rawBody.replaceAll('\u0000', '\\u0000'),
      payload: entry.payload === null ? null : JSON.stringify(entry.payload),
      outcome: entry.outcome,
      outcome_detail: entry.detail,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Locks a waiting entry for applying; undefined when another instance has it or it is done. */
export async function claimWhatsAppInboxEntry(
  tx: Transaction<DB>,
  id: string,
): Promise<WhatsAppInboxRecord | undefined> {
  if (!isRowId(id)) return undefined;
  const row = await tx
    .selectFrom('whatsapp_inbox')
    .select(['id', 'received_at', 'payload', 'outcome', 'outcome_detail', 'attempts'])
    .where('id', '=', id)
    .where('outcome', 'in', ['pending', 'failed'])
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      receivedAt: row.received_at,
      payload: row.payload,
      outcome: row.outcome,
      outcomeDetail: row.outcome_detail,
      attempts: row.attempts,
    }
  );
}

export async function recordWhatsAppInboxOutcome(
  db: DbExecutor,
  id: string,
  result: { outcome: WhatsAppInboxOutcome; detail: string | null; processedAt: Date | null; attempts: number },
): Promise<void> {
  await db
    .updateTable('whatsapp_inbox')
    .set({
      outcome: result.outcome,
      outcome_detail: result.detail?.slice(0, 1000) ?? null,
      processed_at: result.processedAt,
      attempts: result.attempts,
    })
    .where('id', '=', id)
    .execute();
}

/** Entries left pending or failed (a crash between storing and applying, a failed apply), oldest first. */
export async function listWaitingWhatsAppInbox(db: DbExecutor, olderThan: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('whatsapp_inbox')
    .select('id')
    .where('outcome', 'in', ['pending', 'failed'])
    .where('received_at', '<', olderThan)
    .where('attempts', '<', 10)
    .orderBy('received_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export async function countWhatsAppInbox(db: DbExecutor): Promise<number> {
  const row = await db
    .selectFrom('whatsapp_inbox')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A failed apply: kept for the sweep, with the error and one more attempt counted. */
export async function markWhatsAppInboxFailed(db: DbExecutor, id: string, error: string): Promise<void> {
  await db
    .updateTable('whatsapp_inbox')
    .set((eb) => ({ outcome: 'failed', outcome_detail: error.slice(0, 1000), attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Retention: settled WhatsApp webhooks (they carry customers' numbers) received before `before`, `limit` at a time. */
export async function deleteSettledWhatsAppInboxBefore(db: DbExecutor, before: Date, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('whatsapp_inbox')
    .where(
      'id',
      'in',
      db
        .selectFrom('whatsapp_inbox')
        .select('id')
        .where('received_at', '<', before)
        .where('outcome', 'not in', ['pending', 'failed'])
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * The applier's claim: up to `limit` stored webhooks waiting to be applied, oldest first, each
 * locked for this transaction (SKIP LOCKED: rows another instance's applier holds are left to it).
 */
export async function claimPendingWhatsAppInbox(tx: Transaction<DB>, limit: number): Promise<WhatsAppInboxRecord[]> {
  const rows = await tx
    .selectFrom('whatsapp_inbox')
    .select(['id', 'received_at', 'payload', 'outcome', 'outcome_detail', 'attempts'])
    .where('outcome', '=', 'pending')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((row) => ({
    id: row.id,
    receivedAt: row.received_at,
    payload: row.payload,
    outcome: row.outcome,
    outcomeDetail: row.outcome_detail,
    attempts: row.attempts,
  }));
}

/** Whether any stored webhook waits to be applied (the test harness's "drained?"). */
export async function hasPendingWhatsAppInbox(db: DbExecutor): Promise<boolean> {
  const row = await db
    .selectFrom('whatsapp_inbox')
    .select('id')
    .where('outcome', '=', 'pending')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
