import type { OrderStatus, ShipmentDirection, ShipmentStatus } from '@app/shipping';
import type { Transaction } from 'kysely';
import type { DB, HistorySource, StatusHistoryEntry } from '../schema';
import type { DbExecutor } from './db-executor';
import { compiledOnce } from './compiled-once';
import { isRowId } from './ids';

export interface StatusHistoryRecord {
  id: string;
  orderId: string;
  shipmentId: string | null;
  orderStatus: OrderStatus | null;
  shipmentStatus: ShipmentStatus | null;
  carrierStatus: string | null;
  location: string | null;
  description: string | null;
  /** When the carrier says it happened; recordedAt is when we learned it. */
  occurredAt: Date | null;
  recordedAt: Date;
  source: HistorySource;
  /** False for late or duplicate pushes that were recorded but did not move anything. */
  applied: boolean;
}

export function toStatusHistoryRecord(row: StatusHistoryEntry): StatusHistoryRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    shipmentId: row.shipment_id,
    orderStatus: row.order_status,
    shipmentStatus: row.shipment_status,
    carrierStatus: row.carrier_status,
    location: row.location,
    description: row.description,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    source: row.source,
    applied: row.applied,
  };
}

export interface NewHistoryEntry {
  orderId: string;
  shipmentId: string | null;
  orderStatus?: OrderStatus | null;
  shipmentStatus?: ShipmentStatus | null;
  carrierStatus?: string | null;
  location?: string | null;
  description: string;
  occurredAt?: Date | null;
  recordedAt: Date;
  source: HistorySource;
  applied: boolean;
  inboxId?: string | null;
}

const historyRow = (entry: NewHistoryEntry) => ({
  order_id: entry.orderId,
  shipment_id: entry.shipmentId,
  order_status: entry.orderStatus ?? null,
  shipment_status: entry.shipmentStatus ?? null,
  carrier_status: entry.carrierStatus ?? null,
  location: entry.location ?? null,
  description: entry.description,
  occurred_at: entry.occurredAt ?? null,
  recorded_at: entry.recordedAt,
  source: entry.source,
  applied: entry.applied,
  inbox_id: entry.inboxId ?? null,
});

/** Every status event is written down, whether or not it moved anything. */
export async function insertHistory(tx: Transaction<DB>, entry: NewHistoryEntry): Promise<void> {
  await tx.insertInto('status_history').values(historyRow(entry)).execute();
}

/** Several entries in one statement, their ids in the order given (a batch of pushes). */
export async function insertHistoryEntries(tx: Transaction<DB>, entries: readonly NewHistoryEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insertInto('status_history').values(entries.map(historyRow)).execute();
}

/** A courier scan, once per (shipment, key): returns false when it was already recorded. */
export async function insertScan(
  db: DbExecutor,
  scan: {
    orderId: string;
    shipmentId: string;
    description: string;
    location: string | null;
    occurredAt: Date | null;
    recordedAt: Date;
    dedupeKey: string;
  },
): Promise<boolean> {
  const row = await db
    .insertInto('status_history')
    .values({
      order_id: scan.orderId,
      shipment_id: scan.shipmentId,
      source: 'track',
      applied: false,
      description: scan.description,
      location: scan.location,
      occurred_at: scan.occurredAt,
      recorded_at: scan.recordedAt,
      dedupe_key: scan.dedupeKey,
    })
    .onConflict((oc) => oc.columns(['shipment_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The newest entries a customer's page shows at most. */
const CUSTOMER_HISTORY_LIMIT = 100;

/**
 * A history entry as the customer's side may read it: its statuses, codes and times, never its
 * `description` (the team's record: an admin's reason, a cancel note, "Updated from Shopify").
 * Only a courier scan's text, the courier's own words, comes along.
 */
export interface CustomerHistoryRecord {
  id: string;
  shipmentId: string | null;
  /** The shipment's direction: a return pickup's steps read differently. */
  shipmentDirection: ShipmentDirection | null;
  orderStatus: OrderStatus | null;
  shipmentStatus: ShipmentStatus | null;
  carrierStatus: string | null;
  location: string | null;
  /** The courier's text for a scan (source `track`); null for every other entry. */
  scanText: string | null;
  occurredAt: Date | null;
  recordedAt: Date;
  source: HistorySource;
}

/** Compiled once: it runs on every tracking lookup. */
const customerHistoryQuery = compiledOnce((db: DbExecutor, orderId: string) =>
  db
    .selectFrom('status_history as h')
    .leftJoin('shipments as s', 's.id', 'h.shipment_id')
    .select((eb) => [
      'h.id',
      'h.shipment_id',
      's.direction',
      'h.order_status',
      'h.shipment_status',
      'h.carrier_status',
      'h.location',
      eb.case().when('h.source', '=', 'track').then(eb.ref('h.description')).else(null).end().as('scan_text'),
      'h.occurred_at',
      'h.recorded_at',
      'h.source',
    ])
    .where('h.order_id', '=', orderId)
    // The conversation before booking (COD confirmation answers, expiry) is the admin's record.
    .where('h.source', '!=', 'customer')
    .where((eb) =>
      eb.or([eb('h.applied', '=', true), eb('h.source', '=', 'track'), eb('h.carrier_status', 'like', 'NDR:%')]),
    )
    .orderBy('h.recorded_at', 'desc')
    .orderBy('h.id', 'desc')
    .limit(CUSTOMER_HISTORY_LIMIT),
);

/**
 * What a customer may see, newest first: milestones that applied, courier scans and failed
 * attempts; not our repeated or late pushes, and no entry's description but a scan's.
 */
export async function listCustomerHistory(db: DbExecutor, orderId: string): Promise<CustomerHistoryRecord[]> {
  if (!isRowId(orderId)) return [];
  return (await customerHistoryQuery(db, orderId)).map((row) => ({
    id: row.id,
    shipmentId: row.shipment_id,
    shipmentDirection: row.direction,
    orderStatus: row.order_status,
    shipmentStatus: row.shipment_status,
    carrierStatus: row.carrier_status,
    location: row.location,
    scanText: row.scan_text,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    source: row.source,
  }));
}
