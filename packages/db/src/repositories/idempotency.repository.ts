import { CompiledQuery, sql, type QueryCreator, type RawBuilder, type Transaction } from 'kysely';
import type { DB, EventType, IdempotencyKeyRow, IdempotencyState } from '../schema';
import { ORDER_NUMBER_PREFIX } from './order.repository';
import { toApiKeyRecord, type ApiKeyRecord } from './api-key.repository';
import { asyncCommitRow } from './async-commit';
import { prepareOnEveryConnection } from '../prepared';
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
  const result = await completeIdempotencyKeyQuery(tx, claim, answer).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * completeIdempotencyKey's update, for a caller that runs it as a CTE (insertIntakeOrders'
 * storeAnswer); `bodySql` computes the stored body in that statement instead of `body`.
 */
export function completeIdempotencyKeyQuery(
  db: DbExecutor | QueryCreator<DB>,
  claim: Pick<IdempotencyRecord, 'apiKeyId' | 'key' | 'createdAt'>,
  answer: { status: number; body: unknown; now: Date },
  bodySql?: RawBuilder<unknown>,
) {
  return db
    .updateTable('idempotency_keys')
    .set({
      state: 'done',
      response_status: answer.status,
      response_body: bodySql ?? JSON.stringify(answer.body),
      completed_at: answer.now,
    })
    .where('api_key_id', '=', claim.apiKeyId)
    .where('key', '=', claim.key)
    .where('state', '=', 'running')
    .where('created_at', '=', claim.createdAt);
}

/** The claim an answer was to be stored on was taken over by another request: roll back. */
export class IdempotencyClaimLostError extends Error {
  override readonly name = 'IdempotencyClaimLostError';
  constructor() {
    super('the idempotency claim was taken over');
  }
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

export interface OpenApiWriteInput {
  /** SHA-256 of the Bearer key. */
  keyHash: string;
  /** The rate limit's bucket is `<bucketPrefix><key id>`; its fixed window starts here. */
  bucketPrefix: string;
  windowStart: Date;
  /** Hits allowed in the window: a claim is made only while the key is within it. */
  limit: number;
  /** Null: claim nothing (the request is answered before any claim: no key header, invalid body). */
  claim: { key: string; fingerprint: string; abandonedBefore: Date; expiredBefore: Date } | null;
  now: Date;
  /**
   * A create: when the claim is made, the same statement draws the new order's id and (`numbered`)
   * its number, and reads what the work after a new order needs (OutboxReads) with these settings.
   */
  newOrder?: { numbered: boolean; settingKeys: readonly string[] } | undefined;
}

/** What the work after a new order reads: the enabled event endpoints (ids and types) and settings. */
export interface OutboxReads {
  eventEndpoints: { id: string; eventTypes: EventType[] | null }[];
  /** The settings asked for that have a value. */
  settings: Map<string, string>;
}

/** The new order's id and number drawn with its claim (openApiWrite's newOrder), and the reads. */
export interface OpenedOrder {
  orderId: string;
  /** Null when none was asked for, or the one drawn is taken already (made outside the sequence). */
  orderNumber: string | null;
  reads: OutboxReads;
}

export type OpenApiWriteResult =
  | { key: undefined }
  | {
      key: ApiKeyRecord;
      /** The key's hits in this window, this one included (0 for a revoked key: nothing counted). */
      hits: number;
      /** The claim's outcome; null when none was asked for or the key was revoked or over its limit. */
      claim: OpenedClaim | null;
    };

/** `existing` undefined: the row that refused the claim is newer than the statement's snapshot. */
export type OpenedClaim =
  | { claimed: true; claim: IdempotencyRecord; newOrder?: OpenedOrder | undefined }
  | { claimed: false; existing: IdempotencyRecord | undefined };

type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

/**
 * The opening of a write through the Orders API, in one statement and one asynchronously committed
 * implicit transaction (asyncCommitRow's reasons): the key by its hash, its last-used time (at most
 * once a minute), the rate-limit hit and, while the key is active and within its limit, the
 * idempotency claim (claimIdempotencyKey's insert), with the row already there when the claim is
 * refused; for a create (`newOrder`), the new order's id and number and the outbox reads. Four
 * round trips before (key, touch once a minute, hit, claim) and one commit each.
 * `existing` is read from the statement's snapshot: undefined when the row that refused the claim
 * committed after it began (the caller then claims again with claimIdempotencyKey).
 */
export async function openApiWrite(db: DbExecutor, input: OpenApiWriteInput): Promise<OpenApiWriteResult> {
  if (db.isTransaction) throw new Error('openApiWrite commits on its own: not inside a transaction');
  const claim = input.claim;
  prepareOnEveryConnection(OPEN_API_WRITE_SQL);
  const { rows } = await db.executeQuery<
    ApiKeyRow & {
      hits: number | null;
      claimed: boolean | null;
      existing_fingerprint: string | null;
      existing_state: IdempotencyState | null;
      existing_response_status: number | null;
      existing_response_body: unknown;
      existing_created_at: Date | null;
      existing_completed_at: Date | null;
      new_order_id: string | null;
      new_order_number: string | null;
      new_order_number_taken: boolean | null;
      endpoints: { id: string; event_types: EventType[] | null }[] | null;
      settings: { key: string; value: string }[] | null;
    }
  >(
    CompiledQuery.raw(OPEN_API_WRITE_SQL, [
      input.keyHash,
      input.bucketPrefix,
      input.windowStart,
      input.limit,
      claim !== null,
      claim?.key ?? '',
      claim?.fingerprint ?? '',
      input.now,
      claim?.abandonedBefore ?? input.now,
      claim?.expiredBefore ?? input.now,
      input.newOrder !== undefined,
      input.newOrder?.numbered ?? false,
      JSON.stringify(input.newOrder?.settingKeys ?? []),
    ]),
  );
  const row = rows[0];
  if (!row) return { key: undefined };
  const key: ApiKeyRecord = toApiKeyRecord(row);
  const hits = row.hits ?? 0;
  if (claim === null || row.hits === null || row.hits > input.limit) return { key, hits, claim: null };
  if (row.claimed) {
    return {
      key,
      hits,
      claim: {
        claimed: true,
        claim: {
          apiKeyId: row.id,
          key: claim.key,
          fingerprint: claim.fingerprint,
          state: 'running',
          responseStatus: null,
          responseBody: null,
          createdAt: input.now,
          completedAt: null,
        },
        newOrder:
          row.new_order_id === null
            ? undefined
            : {
                orderId: row.new_order_id,
                orderNumber: row.new_order_number_taken ? null : row.new_order_number,
                reads: {
                  eventEndpoints: (row.endpoints ?? []).map((e) => ({ id: e.id, eventTypes: e.event_types })),
                  settings: new Map((row.settings ?? []).map((r) => [r.key, r.value])),
                },
              },
      },
    };
  }
  const existing: IdempotencyRecord | undefined =
    row.existing_state === null || row.existing_created_at === null
      ? undefined
      : {
          apiKeyId: row.id,
          key: claim.key,
          fingerprint: row.existing_fingerprint ?? '',
          state: row.existing_state,
          responseStatus: row.existing_response_status,
          responseBody: row.existing_response_body,
          createdAt: row.existing_created_at,
          completedAt: row.existing_completed_at,
        };
  return { key, hits, claim: { claimed: false, existing } };
}

// $1 key hash, $2 bucket prefix, $3 window start, $4 limit, $5 claim?, $6 idempotency key,
// $7 fingerprint, $8 now, $9 abandoned before, $10 expired before, $11 draw a new order's id?,
// $12 and its number?, $13 the settings to read (JSON array). Constant text: nothing to
// build or compile per call.
const OPEN_API_WRITE_SQL = `
with k as (
  select id, name, prefix, created_at, last_used_at, revoked_at from api_keys where key_hash = $1::text
), active as (
  select k.id from k, (select set_config('synchronous_commit', 'off', true) as async_commit) as async_commit
  where k.revoked_at is null
), touched as (
  update api_keys set last_used_at = $8::timestamptz
  from active
  where api_keys.id = active.id
    and (api_keys.last_used_at is null or api_keys.last_used_at < $8::timestamptz - interval '60 seconds')
), hit as (
  insert into rate_limits (bucket, window_start, hits)
  select $2::text || active.id::text, $3::timestamptz, 1 from active
  on conflict (bucket, window_start) do update set hits = rate_limits.hits + 1
  returning hits
), claim as (
  insert into idempotency_keys (api_key_id, key, fingerprint, state, created_at)
  select active.id, $6::text, $7::text, 'running', $8::timestamptz from active, hit
  where $5::boolean and hit.hits <= $4::int
  on conflict (api_key_id, key) do update set
    fingerprint = excluded.fingerprint, state = 'running', response_status = null, response_body = null,
    created_at = excluded.created_at, completed_at = null
  where idempotency_keys.created_at < $10::timestamptz
     or (idempotency_keys.state = 'running' and idempotency_keys.created_at < $9::timestamptz)
  returning api_key_id
), new_order as (
  select nextval(pg_get_serial_sequence('orders', 'id'))::text as order_id,
    case when $12::boolean then '${ORDER_NUMBER_PREFIX}' || nextval('order_number_seq')::text end as order_number
  from claim where $11::boolean
)
select k.*, hit.hits, (select count(*) from claim) > 0 as claimed,
  e.fingerprint as existing_fingerprint, e.state as existing_state,
  e.response_status as existing_response_status, e.response_body as existing_response_body,
  e.created_at as existing_created_at, e.completed_at as existing_completed_at,
  n.order_id as new_order_id, n.order_number as new_order_number,
  n.order_number is not null
    and exists (select 1 from orders o where upper(o.order_number) = upper(n.order_number)) as new_order_number_taken,
  case when n.order_id is not null then (
    select coalesce(json_agg(json_build_object('id', ep.id::text, 'event_types', ep.event_types) order by ep.id), '[]')
    from event_endpoints ep where ep.enabled) end as endpoints,
  case when n.order_id is not null then (
    select coalesce(json_agg(json_build_object('key', st.key, 'value', st.value)), '[]')
    from app_settings st where st.key in (select jsonb_array_elements_text($13::jsonb))) end as settings
from k
left join hit on true
left join new_order n on true
left join idempotency_keys e on $5::boolean and e.api_key_id = k.id and e.key = $6::text`;
