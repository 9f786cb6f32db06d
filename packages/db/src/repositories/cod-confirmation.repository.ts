import { sql, type Transaction } from 'kysely';
import type { CodConfirmationVia, DB } from '../schema';
import type { DbExecutor } from './db-executor';
import { isRowId } from './ids';
import { isActiveShipment } from './shipment.predicates';

/**
 * COD confirmation (issue 24): which COD orders wait for their customer, their answers, expiry and
 * an admin's override. The state lives on the order row (null = not needed), so the order list and
 * booking read it with the order.
 */

/**
 * Marks the COD orders among `orderIds` as waiting for their customer (only orders with no request
 * yet, so a replay asks nobody twice). Returns the ids it marked.
 */
export async function markCodConfirmationsRequested(
  tx: Transaction<DB>,
  orderIds: readonly string[],
  at: { requestedAt: Date; expiresAt: Date },
): Promise<string[]> {
  const ids = orderIds.filter(isRowId);
  if (ids.length === 0) return [];
  const rows = await tx
    .updateTable('orders')
    .set({
      cod_confirmation: 'pending',
      cod_confirmation_requested_at: at.requestedAt,
      cod_confirmation_expires_at: at.expiresAt,
    })
    .where('id', 'in', ids)
    .where('payment_method', '=', 'cod')
    .where('cod_confirmation', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The customer's answer, taken only while the request is pending and not past its expiry: false
 * when it was answered already, expired, or never asked. The caller holds the order's row lock.
 */
export async function answerCodConfirmation(
  tx: Transaction<DB>,
  orderId: string,
  answer: { state: 'confirmed' | 'declined'; via: CodConfirmationVia; now: Date },
): Promise<boolean> {
  if (!isRowId(orderId)) return false;
  const row = await tx
    .updateTable('orders')
    .set({
      cod_confirmation: answer.state,
      cod_confirmation_answered_at: answer.now,
      cod_confirmation_via: answer.via,
      updated_at: answer.now,
    })
    .where('id', '=', orderId)
    .where('cod_confirmation', '=', 'pending')
    .where('cod_confirmation_expires_at', '>', answer.now)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Moves up to `limit` pending requests past their expiry to `expired`, soonest first, skipping rows
 * another instance holds; returns what it moved (the caller writes their history in the same tx).
 */
export async function expireCodConfirmations(
  tx: Transaction<DB>,
  now: Date,
  limit: number,
): Promise<{ orderId: string; orderNumber: string; requestedAt: Date | null }[]> {
  const due = tx
    .selectFrom('orders')
    .select('id')
    .where('cod_confirmation', '=', 'pending')
    .where('cod_confirmation_expires_at', '<=', now)
    .orderBy('cod_confirmation_expires_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked();
  const rows = await tx
    .updateTable('orders')
    .set({ cod_confirmation: 'expired', updated_at: now })
    .where('id', 'in', due)
    .where('cod_confirmation', '=', 'pending')
    .returning(['id', 'order_number', 'cod_confirmation_requested_at'])
    .execute();
  return rows.map((r) => ({
    orderId: r.id,
    orderNumber: r.order_number,
    requestedAt: r.cod_confirmation_requested_at,
  }));
}

export interface ExpiredCodConfirmation {
  orderId: string;
  orderNumber: string;
  codAmountPaise: number;
  expiresAt: Date | null;
}

/** Unshipped orders whose confirmation expired (the admin's daily digest), oldest expiry first. */
export async function listExpiredCodConfirmations(db: DbExecutor, limit: number): Promise<ExpiredCodConfirmation[]> {
  const rows = await db
    .selectFrom('orders')
    .select(['id', 'order_number', 'cod_amount_paise', 'total_paise', 'cod_confirmation_expires_at'])
    .where('cod_confirmation', '=', 'expired')
    .where('status', 'in', ['pending', 'processing'])
    .orderBy('cod_confirmation_expires_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    orderId: r.id,
    orderNumber: r.order_number,
    codAmountPaise: r.cod_amount_paise ?? r.total_paise,
    expiresAt: r.cod_confirmation_expires_at,
  }));
}

/** An admin shipped the order without the customer's confirmation: who and when, on the order. */
export async function recordCodConfirmationOverride(
  tx: Transaction<DB>,
  orderId: string,
  input: { adminId: string; now: Date },
): Promise<void> {
  await tx
    .updateTable('orders')
    .set({ cod_confirmation_override_by: input.adminId, cod_confirmation_override_at: input.now })
    .where('id', '=', orderId)
    .execute();
}

/**
 * The customer corrected the delivery address before booking (the confirmation page): the first
 * line, the second (with the landmark) and the pincode. Only while the order is unshipped.
 */
export async function updateUnshippedAddressByCustomer(
  tx: Transaction<DB>,
  orderId: string,
  input: { line1: string; line2: string | null; pincode: string; now: Date },
): Promise<boolean> {
  if (!isRowId(orderId)) return false;
  const row = await tx
    .updateTable('orders')
    .set({ ship_line1: input.line1, ship_line2: input.line2, ship_pincode: input.pincode, updated_at: input.now })
    .where('id', '=', orderId)
    .where('status', 'in', ['pending', 'processing'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('shipments')
            .select(sql.lit(1).as('one'))
            .whereRef('shipments.order_id', '=', 'orders.id')
            .where('shipments.direction', '=', 'forward')
            .where(isActiveShipment(sql.ref('shipments.booking_state'))),
        ),
      ),
    )
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A customer who wrote STOP: WhatsApp consent withdrawn for every customer row with that mobile
 * (10 digits). Returns how many rows changed (0 when none had consent).
 */
export async function optOutWhatsAppByMobile(db: DbExecutor, mobile: string, now: Date): Promise<number> {
  if (!/^[6-9]\d{9}$/.test(mobile)) return 0;
  const result = await db
    .updateTable('customers')
    .set({ whatsapp_opt_in: false, whatsapp_opt_out_at: now })
    .where('phone', '=', mobile)
    .where('whatsapp_opt_in', '=', true)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
