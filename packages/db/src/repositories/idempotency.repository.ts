import { sql, type Transaction } from 'kysely';
import type { DB, IdempotencyKeyRow, IdempotencyState } from '../schema';
import { asyncCommitRow } from './async-commit';
import type { DbExecutor } from './db-executor';

export interface IdempotencyRecord {
  apiKeyId: string;
  key: string;
  fingerprint: string;
  state: IdempotencyState;
  responseStatus: number | null;
  responseBody: unknown;
  createdAt: Date;
  completedAt: Date | null;
}

function toIdempotencyRecord(row: IdempotencyKeyRow): IdempotencyRecord {
  return {
    apiKeyId: row.api_key_id,
    key: row.key,
    fingerprint: row.fingerprint,
    state: row.state,
    responseStatus: row.response_status,
    responseBody: row.response_body,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}

export interface ClaimIdempotencyKeyInput {
  apiKeyId: string;
  key: string;
  fingerprint: string;
  now: Date;
  /** A 'running' claim older than this was abandoned (its request died): it may be taken over. */
  abandonedBefore: Date;
  /** A claim older than this has expired whatever its state: the key counts as new. */
  expiredBefore: Date;
}

export type ClaimResult = { claimed: true; claim: IdempotencyRecord } | { claimed: false; existing: IdempotencyRecord };

/**
 * Claims (API key, Idempotency-Key) for one request, in one statement: an insert that conflicts
 * on the primary key, so of any number of concurrent requests on any number of instances exactly
 * one gets `claimed: true`. The others get the row as it stands (running, or done with the answer
 * to replay). Commits on its own: other requests must see the claim while this one runs.
 */
export async function claimIdempotencyKey(db: DbExecutor, input: ClaimIdempotencyKeyInput): Promise<ClaimResult> {
  // The claim needs to be visible, not durable: the order it guards commits durably later, which
  // flushes the claim's WAL first. Saves an fsync per create, in the statement's one round trip.
  const claimed = await insertClaim(db, input);
  if (claimed) return { claimed: true, claim: toIdempotencyRecord(claimed) };
  const existing = await findIdempotencyKey(db, input.apiKeyId, input.key);
  // Deleted between the two statements (released by a failed request): claim again.
  if (!existing) return claimIdempotencyKey(db, input);
  return { claimed: false, existing };
}

/** Outside a transaction, the claim commits asynchronously (asyncCommitRow); inside one, with it. */
function insertClaim(db: DbExecutor, input: ClaimIdempotencyKeyInput) {
  const insert = db.insertInto('idempotency_keys');
  const row = db.isTransaction
    ? insert.values({
        api_key_id: input.apiKeyId,
        key: input.key,
        fingerprint: input.fingerprint,
        state: 'running',
        created_at: input.now,
      })
    : insert
        .columns(['api_key_id', 'key', 'fingerprint', 'state', 'created_at'])
        .expression(
          db
            .selectFrom(asyncCommitRow(db).as('async_commit'))
            .select([
              sql<string>`${input.apiKeyId}::bigint`.as('api_key_id'),
              sql<string>`${input.key}::text`.as('key'),
              sql<string>`${input.fingerprint}::text`.as('fingerprint'),
              sql<IdempotencyState>`'running'`.as('state'),
              sql<Date>`${input.now}::timestamptz`.as('created_at'),
            ]),
        );
  return row
    .onConflict((oc) =>
      oc
        .columns(['api_key_id', 'key'])
        .doUpdateSet({
          fingerprint: input.fingerprint,
          state: 'running',
          response_status: null,
          response_body: null,
          created_at: input.now,
          completed_at: null,
        })
        .where((eb) =>
          eb.or([
            eb('idempotency_keys.created_at', '<', input.expiredBefore),
            eb.and([
              eb('idempotency_keys.state', '=', 'running'),
              eb('idempotency_keys.created_at', '<', input.abandonedBefore),
            ]),
          ]),
        ),
    )
    .returningAll()
    .executeTakeFirst();
}

export async function findIdempotencyKey(
  db: DbExecutor,
  apiKeyId: string,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('api_key_id', '=', apiKeyId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && toIdempotencyRecord(row);
}

/**
 * Stores the answer of a claimed request. Runs in the transaction that made the order, so the
 * order and its replayable answer commit together. False when the claim was lost (it ran so long
 * that another request took it over): the caller's transaction should then roll back.
 */
export async function completeIdempotencyKey(
  tx: Transaction<DB>,
  claim: Pick<IdempotencyRecord, 'apiKeyId' | 'key' | 'createdAt'>,
  answer: { status: number; body: unknown; now: Date },
): Promise<boolean> {
  const result = await tx
    .updateTable('idempotency_keys')
    .set({
      state: 'done',
      response_status: answer.status,
      response_body: JSON.stringify(answer.body),
      completed_at: answer.now,
    })
    .where('api_key_id', '=', claim.apiKeyId)
    .where('key', '=', claim.key)
    .where('state', '=', 'running')
    .where('created_at', '=', claim.createdAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a claim back when its request failed before any answer worth replaying (the client may retry). */
export async function releaseIdempotencyKey(
  db: DbExecutor,
  claim: Pick<IdempotencyRecord, 'apiKeyId' | 'key' | 'createdAt'>,
): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('api_key_id', '=', claim.apiKeyId)
    .where('key', '=', claim.key)
    .where('state', '=', 'running')
    .where('created_at', '=', claim.createdAt)
    .execute();
}

/** Deletes keys created before `olderThan` (callers keep at least 24 hours). Returns how many. */
export async function pruneIdempotencyKeys(db: DbExecutor, olderThan: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', olderThan).executeTakeFirst();
  return Number(result.numDeletedRows);
}
