import type { Selectable, Transaction } from 'kysely';
import type { DB, EventEndpointsTable, EventType } from '../schema';
import type { DbExecutor } from './db-executor';
import { isRowId } from './ids';

export interface EventEndpointRecord {
  id: string;
  url: string;
  secret: string;
  /** null = every event type. */
  eventTypes: EventType[] | null;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: Date | null;
  alertedAt: Date | null;
  createdAt: Date;
}

function toEndpointRecord(row: Selectable<EventEndpointsTable>): EventEndpointRecord {
  return {
    id: row.id,
    url: row.url,
    secret: row.secret,
    eventTypes: row.event_types,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since,
    alertedAt: row.alerted_at,
    createdAt: row.created_at,
  };
}

export async function insertEventEndpoint(
  db: DbExecutor,
  input: { url: string; secret: string; eventTypes: EventType[] | null; now: Date },
): Promise<EventEndpointRecord> {
  const row = await db
    .insertInto('event_endpoints')
    .values({
      url: input.url,
      secret: input.secret,
      event_types: input.eventTypes === null ? null : JSON.stringify(input.eventTypes),
      created_at: input.now,
      updated_at: input.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEndpointRecord(row);
}

export async function listEventEndpoints(db: DbExecutor): Promise<EventEndpointRecord[]> {
  const rows = await db.selectFrom('event_endpoints').selectAll().orderBy('id').execute();
  return rows.map(toEndpointRecord);
}

export async function findEventEndpoint(db: DbExecutor, endpointId: string): Promise<EventEndpointRecord | undefined> {
  if (!isRowId(endpointId)) return undefined;
  const row = await db.selectFrom('event_endpoints').selectAll().where('id', '=', endpointId).executeTakeFirst();
  return row && toEndpointRecord(row);
}

/** Deletes the endpoint with its deliveries and their attempt log. False when there is none. */
export async function deleteEventEndpoint(db: DbExecutor, endpointId: string): Promise<boolean> {
  if (!isRowId(endpointId)) return false;
  const result = await db.deleteFrom('event_endpoints').where('id', '=', endpointId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Endpoints that take new events. */
export async function listEnabledEventEndpoints(db: DbExecutor): Promise<EventEndpointRecord[]> {
  const rows = await db.selectFrom('event_endpoints').selectAll().where('enabled', '=', true).orderBy('id').execute();
  return rows.map(toEndpointRecord);
}

/** The endpoint failed: starts its failing spell if none is running. Returns the spell's start and whether the admin heard. */
export async function markEndpointFailing(
  tx: Transaction<DB>,
  endpointId: string,
  now: Date,
): Promise<{ failingSince: Date; alertedAt: Date | null; url: string } | undefined> {
  await tx
    .updateTable('event_endpoints')
    .set({ failing_since: now, updated_at: now })
    .where('id', '=', endpointId)
    .where('failing_since', 'is', null)
    .execute();
  const row = await tx
    .selectFrom('event_endpoints')
    .select(['failing_since', 'alerted_at', 'url'])
    .where('id', '=', endpointId)
    .forUpdate()
    .executeTakeFirst();
  return row && row.failing_since
    ? { failingSince: row.failing_since, alertedAt: row.alerted_at, url: row.url }
    : undefined;
}

export async function markEndpointAlerted(tx: Transaction<DB>, endpointId: string, now: Date): Promise<void> {
  await tx.updateTable('event_endpoints').set({ alerted_at: now }).where('id', '=', endpointId).execute();
}

/** A success ends the failing spell. */
export async function markEndpointHealthy(db: DbExecutor, endpointId: string, now: Date): Promise<void> {
  await db
    .updateTable('event_endpoints')
    .set({ failing_since: null, alerted_at: null, updated_at: now })
    .where('id', '=', endpointId)
    .where('failing_since', 'is not', null)
    .execute();
}

/** 410 Gone: the endpoint takes no more events until an admin makes a new one. */
export async function disableEventEndpoint(
  db: DbExecutor,
  endpointId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('event_endpoints')
    .set({ enabled: false, disabled_reason: reason.slice(0, 500), updated_at: now })
    .where('id', '=', endpointId)
    .execute();
}
