import type { Readable } from 'node:stream';
import {
  findChangedUnshippedOrders,
  findOrdersByExternalIds,
  findTakenOrderNumbers,
  insertIntakeOrders,
  updateUnshippedIntakeOrders,
  type IntakeOrder,
} from '@app/db';
import { parseRupeesToPaise } from '@app/shipping';
import type { AppDeps } from '../../platform/core/deps';
import { recordOrdersCreated } from '../../outbox/events/record-event';
import { createdOrderOf } from '../orders/create-order';
import { orderInputSchema, toIntakeOrder } from '../orders/order-input.schema';
import { locateIssue, toCsvOrderInput } from './csv-order-input';
import { readOrdersCsv, type CsvRowError } from './csv-orders';

/** Orders per transaction: a few multi-row statements each, well under PostgreSQL's parameter limit. */
const BATCH = 500;
const PG_UNIQUE_VIOLATION = '23505';

export interface ImportPreviewOrder {
  externalId: string;
  orderNumber: string;
  rows: number[];
  items: number;
  paymentMethod: 'cod' | 'prepaid';
  totalPaise: number;
  state: 'new' | 'exists';
}

export interface ImportResult {
  dryRun: boolean;
  format: 'shiprocket' | 'template';
  /** Orders in the file. */
  ordersFound: number;
  /** Created (or, in a dry run, that would be). */
  created: number;
  /** Orders imported before whose rows changed, updated because they were not shipped yet. */
  updated: number;
  /** Orders imported before, unchanged or already shipped: left as they are. */
  skipped: number;
  errors: CsvRowError[];
  /** Orders found (up to 200 shown), new and existing. */
  orders: ImportPreviewOrder[];
  /** Existing orders the file names again: external id and their order number. */
  existing: { externalId: string; orderNumber: string }[];
}

export type ImportOutcome =
  { ok: true; result: ImportResult } | { ok: false; status: number; message: string; errors: CsvRowError[] };

/**
 * POST /api/imports/orders: an orders CSV (Shiprocket's bulk headers or our template) read as a
 * stream, every order validated by the shared order-input schema, errors by row and column.
 * Orders with errors are left out; the rest are created (source 'csv', the file's order id as
 * external id), so uploading the same file again creates nothing. A dry run writes nothing.
 */
export async function importOrdersCsv(
  deps: AppDeps,
  stream: Readable,
  options: { dryRun: boolean },
): Promise<ImportOutcome> {
  const read = await readOrdersCsv(stream);
  if (!read.ok) return read;
  const { columns } = read;
  const errors: CsvRowError[] = [...read.rowErrors];
  const valid: { intake: IntakeOrder; rows: number[] }[] = [];

  for (const group of read.orders) {
    const order = toCsvOrderInput(group, columns);
    const parsed = orderInputSchema.safeParse(order.input);
    const orderErrors = [...order.rowErrors];
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String).join('.');
        if (seen.has(path)) continue;
        seen.add(path);
        orderErrors.push({ ...locateIssue(path, order, columns), message: issue.message });
      }
    }
    if (orderErrors.length > 0 || !parsed.success) {
      errors.push(...orderErrors);
      continue;
    }
    const intake: IntakeOrder = toIntakeOrder(parsed.data, 'csv', 'Imported from a CSV file');
    if (order.orderDiscount !== null) {
      const discount = parseRupeesToPaise(order.orderDiscount);
      const gross = intake.items.reduce((s, i) => s + i.quantity * i.unitPricePaise, 0) + intake.shippingPaise;
      if (discount === null || discount < 0 || discount > gross) {
        errors.push({
          row: order.rows[0] ?? 0,
          column: columns.header.orderDiscount ?? '',
          message: 'must be an amount in rupees, at most the order total',
        });
        continue;
      }
      intake.discountPaise = discount;
      if (intake.codAmountPaise !== null && intake.codAmountPaise > gross - discount)
        intake.codAmountPaise = gross - discount;
    }
    valid.push({ intake, rows: order.rows });
  }

  const existing = await findOrdersByExternalIds(
    deps.db,
    'csv',
    valid.map((v) => v.intake.externalId),
  );
  const fresh = valid.filter((v) => !existing.has(v.intake.externalId));
  const taken = await findTakenOrderNumbers(
    deps.db,
    fresh.flatMap((v) => (v.intake.orderNumber === null ? [] : [v.intake.orderNumber])),
  );
  const toCreate = fresh.filter((v) => {
    if (v.intake.orderNumber !== null && taken.has(v.intake.orderNumber)) {
      errors.push({
        row: v.rows[0] ?? 0,
        column: columns.header.orderNumber ?? columns.header.orderId ?? 'order_id',
        message: `order number "${v.intake.orderNumber}" belongs to another order already`,
      });
      return false;
    }
    return true;
  });

  // Orders imported before whose rows changed (a corrected address, an added item) are updated
  // while they are unshipped; unchanged or already shipped ones are skipped.
  const changed = await findChangedUnshippedOrders(
    deps.db,
    valid.flatMap((v) => {
      const known = existing.get(v.intake.externalId);
      return known ? [{ existing: known, incoming: v.intake }] : [];
    }),
  );
  let updated = changed.length;
  let created = 0;
  if (!options.dryRun && changed.length > 0) {
    updated = 0;
    for (let i = 0; i < changed.length; i += BATCH) {
      const batch = changed.slice(i, i + BATCH).map((c) => ({ orderId: c.existing.id, incoming: c.incoming }));
      const ids = await deps.db
        .transaction()
        .execute((tx) =>
          updateUnshippedIntakeOrders(tx, batch, { now: deps.clock.now(), description: 'Updated from a CSV file' }),
        );
      updated += ids.length;
    }
  }
  if (!options.dryRun) {
    for (let i = 0; i < toCreate.length; i += BATCH) {
      const batch = toCreate.slice(i, i + BATCH).map((v) => v.intake);
      created += await insertBatch(deps, batch);
    }
    deps.logger.info(
      { created, updated, skipped: existing.size - updated, errors: errors.length },
      'orders imported from CSV',
    );
  } else {
    created = toCreate.length;
  }

  errors.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  const preview: ImportPreviewOrder[] = valid.slice(0, 200).map((v) => ({
    externalId: v.intake.externalId,
    orderNumber: existing.get(v.intake.externalId)?.orderNumber ?? v.intake.orderNumber ?? '(new number)',
    rows: v.rows,
    items: v.intake.items.length,
    paymentMethod: v.intake.paymentMethod,
    totalPaise:
      v.intake.items.reduce((s, it) => s + it.quantity * it.unitPricePaise, 0) +
      v.intake.shippingPaise -
      v.intake.discountPaise,
    state: existing.has(v.intake.externalId) ? 'exists' : 'new',
  }));
  return {
    ok: true,
    result: {
      dryRun: options.dryRun,
      format: columns.format,
      ordersFound: read.orders.length,
      created,
      updated,
      skipped: existing.size - updated,
      errors: errors.slice(0, 1000),
      orders: preview,
      existing: [...existing.values()]
        .slice(0, 200)
        .map((o) => ({ externalId: o.externalId ?? '', orderNumber: o.orderNumber })),
    },
  };
}

/** One transaction per batch; a concurrent upload of the same file makes the batch retry without the orders it took. */
async function insertBatch(deps: AppDeps, batch: IntakeOrder[]): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.db.transaction().execute(async (tx) => {
        const known = await findOrdersByExternalIds(
          tx,
          'csv',
          batch.map((o) => o.externalId),
        );
        const todo = batch.filter((o) => !known.has(o.externalId));
        const rows = await insertIntakeOrders(tx, todo, deps.clock.now());
        await recordOrdersCreated(deps, tx, rows.map(createdOrderOf));
        return rows.length;
      });
    } catch (err) {
      const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
      if (code !== PG_UNIQUE_VIOLATION || attempt >= 2) throw err;
    }
  }
}
