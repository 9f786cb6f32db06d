import type { OrderStatus, ShipmentDirection, ShipmentStatus } from '@app/shipping';
import type { Transaction } from 'kysely';
import type { DB, HistorySource, StatusHistoryEntry } from '../schema';
import type { DbExecutor } from './db-executor';

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

/**
 * A history entry as the customer's side may read it (findTrackingRead): its statuses, codes and times, never its
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
