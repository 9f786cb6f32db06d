import type { OrderStatus } from '@app/shipping';
import { sql, type Transaction } from 'kysely';
import type { AttentionKind, DB, OrderSource } from '../schema';
import type { DbExecutor } from './db-executor';
import { isRowId } from './ids';

// An order's state as it changes after intake: its status moves, the attention flag a person
// reads, and the channel version a newer body must beat. The order row itself and its reads are
// in order.repository.ts (lockOrder is the one order lock).

/**
 * Records `version` as the order's channel version (Shopify updated_at, WooCommerce
 * date_modified_gmt) unless the order holds a newer one: false then, and the body that carried it
 * is stale. A body without a version is stale once the order holds one. One statement, so two
 * deliveries racing cannot both win with the older one last.
 */
export async function claimOrderSourceVersion(db: DbExecutor, orderId: string, version: Date | null): Promise<boolean> {
  if (!isRowId(orderId)) return false;
  const row = await db
    .updateTable('orders')
    .set(version === null ? { source_updated_at: sql<Date | null>`source_updated_at` } : { source_updated_at: version })
    .where('id', '=', orderId)
    .where((eb) =>
      version === null
        ? eb('source_updated_at', 'is', null)
        : eb.or([eb('source_updated_at', 'is', null), eb('source_updated_at', '<=', version)]),
    )
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function setOrderStatus(
  tx: Transaction<DB>,
  orderId: string,
  status: OrderStatus,
  now: Date,
): Promise<void> {
  await tx.updateTable('orders').set({ status, updated_at: now }).where('id', '=', orderId).execute();
}

/** Flags the order for a person; the kind is what code branches on, the reason what the person reads. */
export async function flagOrderAttention(
  db: DbExecutor,
  orderId: string,
  flag: { kind: AttentionKind; reason: string; now: Date },
): Promise<{ orderNumber: string } | undefined> {
  const row = await db
    .updateTable('orders')
    .set({ attention_kind: flag.kind, attention_reason: flag.reason, updated_at: flag.now })
    .where('id', '=', orderId)
    .returning('order_number')
    .executeTakeFirst();
  return row && { orderNumber: row.order_number };
}

/** Clears the flag; with `onlyKind`, only when the order is flagged for that reason (others stay). */
export async function clearOrderAttention(
  db: DbExecutor,
  orderId: string,
  options: { onlyKind?: AttentionKind } = {},
): Promise<void> {
  let query = db.updateTable('orders').set({ attention_kind: null, attention_reason: null }).where('id', '=', orderId);
  if (options.onlyKind) query = query.where('attention_kind', '=', options.onlyKind);
  await query.execute();
}

/** An order as the push applier decides its moves (and what its events say). */
export interface OrderForMoves {
  id: string;
  status: OrderStatus;
  orderNumber: string;
  externalId: string | null;
  source: OrderSource;
}

/**
 * The orders of a batch's shipments, locked in id order (after their shipments, as a single
 * push's conditional UPDATE locks them): the applier decides their moves in memory.
 */
export async function lockOrdersForMoves(tx: Transaction<DB>, orderIds: readonly string[]): Promise<OrderForMoves[]> {
  if (orderIds.length === 0) return [];
  const rows = await tx
    .selectFrom('orders')
    .select(['id', 'status', 'order_number', 'external_id', 'source'])
    .where('id', 'in', orderIds)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    orderNumber: r.order_number,
    externalId: r.external_id,
    source: r.source,
  }));
}

/** Sets each order's new status in one UPDATE (the caller decided, on locked rows, that each move is forward). */
export async function setOrderStatuses(
  tx: Transaction<DB>,
  moves: readonly { orderId: string; status: OrderStatus }[],
  now: Date,
): Promise<void> {
  if (moves.length === 0) return;
  const values = sql.join(moves.map((m) => sql`(${m.orderId}::bigint, ${m.status}::text)`));
  await sql`
    update orders o set status = v.status, updated_at = ${now}
    from (values ${values}) as v(id, status)
    where o.id = v.id`.execute(tx);
}

/**
 * Moves the order to `to` when its status is one of `from` (the statuses `to` is forward of), in one
 * statement: the row is locked only when it moves. Returns what the event and message code needs,
 * or undefined when it did not move.
 */
export async function moveOrderStatus(
  tx: Transaction<DB>,
  orderId: string,
  change: { to: OrderStatus; from: readonly OrderStatus[]; now: Date },
): Promise<{ orderNumber: string; source: OrderSource } | undefined> {
  if (change.from.length === 0) return undefined;
  const row = await tx
    .updateTable('orders')
    .set({ status: change.to, updated_at: change.now })
    .where('id', '=', orderId)
    .where('status', 'in', change.from)
    .returning(['order_number', 'source'])
    .executeTakeFirst();
  return row && { orderNumber: row.order_number, source: row.source };
}
