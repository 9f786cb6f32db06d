// What an orders CSV would do, order by order: the one computation behind the preview (dry run)
// and the import, so the two cannot disagree. Nothing here writes.
import { createHash } from 'node:crypto';
import {
  findIntakeOrderStates,
  findTakenOrderNumbers,
  intakeTotalPaise,
  type IntakeOrder,
  type IntakeOrderState,
} from '@app/db';
import type { AppDeps } from '../../platform/core/deps';
import { orderInputSchema, toIntakeOrder } from '../orders/order-input.schema';
import { pincodeDirectory, type PincodeDirectory } from '../../platform/address/address-check';
import type { ColumnMap } from './csv-columns';
import { locateIssue, toCsvOrderInput } from './csv-order-input';
import { applyCsvOrderTotals } from './csv-order-totals';
import type { CsvOrderGroup, CsvRowError } from './csv-orders';
import { decideReimport, type OrderChange } from './reimport-plan.rules';

export type ImportAction = 'create' | 'update' | 'unchanged' | 'skip';

/** One order of the file and what is (or, in a preview, would be) done with it. */
export interface PlannedOrder {
  intake: IntakeOrder;
  rows: number[];
  action: ImportAction;
  /** For an order imported before: how the file differs from it (applied for 'update', not for 'skip'). */
  changes: OrderChange[];
  /** Why an order that differs is left as it is. */
  reason: string | null;
  /** The stored order this file names again. */
  existing: IntakeOrderState | null;
}

export interface ImportPlan {
  orders: PlannedOrder[];
  errors: CsvRowError[];
  /**
   * A fingerprint of everything the import would do (each order's action, its changes and the
   * content written, and the rows refused). An import that names it does nothing unless the
   * file and the stored orders still give the same plan.
   */
  planId: string;
}

const CREATED_VIA = 'Imported from a CSV file';

/** One problem per cell: the first found (a row disagreement, then the schema's). */
function firstPerCell(errors: readonly CsvRowError[]): CsvRowError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.row}\u0000${e.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Each order group checked by the shared schema and the CSV's own money rules; the good ones as intake orders. */
function validate(
  groups: readonly CsvOrderGroup[],
  columns: ColumnMap,
  errors: CsvRowError[],
  directory: PincodeDirectory,
): { intake: IntakeOrder; rows: number[] }[] {
  const valid: { intake: IntakeOrder; rows: number[] }[] = [];
  for (const group of groups) {
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
      errors.push(...firstPerCell(orderErrors));
      continue;
    }
    const { stateCode: _stateCode, ...intake } = toIntakeOrder(parsed.data, 'csv', CREATED_VIA, directory);
    const totals = applyCsvOrderTotals(intake, order, columns);
    if (totals.length > 0) {
      errors.push(...totals);
      continue;
    }
    valid.push({ intake, rows: order.rows });
  }
  return valid;
}

/**
 * Reads every order of the file and decides what importing it does: create a new order; update
 * an order imported before that the file changes and that has not shipped; leave one unchanged;
 * or skip one that differs but can no longer change. Order numbers already used (by another
 * order, or twice in this file) are refused by row.
 */
export async function planImport(
  deps: AppDeps,
  groups: readonly CsvOrderGroup[],
  columns: ColumnMap,
  initialErrors: readonly CsvRowError[],
): Promise<ImportPlan> {
  const errors: CsvRowError[] = [...initialErrors];
  const valid = validate(groups, columns, errors, await pincodeDirectory());
  const states = await findIntakeOrderStates(
    deps.db,
    'csv',
    valid.map((v) => v.intake.externalId),
  );
  const fresh = valid.filter((v) => !states.has(v.intake.externalId));
  const taken = await findTakenOrderNumbers(
    deps.db,
    fresh.flatMap((v) => (v.intake.orderNumber === null ? [] : [v.intake.orderNumber])),
  );
  const numberColumn = columns.header.orderNumber ?? columns.header.orderId ?? 'order_id';
  const claimed = new Map<string, number>();
  const orders: PlannedOrder[] = [];
  for (const v of valid) {
    const existing = states.get(v.intake.externalId) ?? null;
    if (existing) {
      const decision = decideReimport(existing, v.intake);
      orders.push({ ...v, ...decision, existing });
      continue;
    }
    const number = v.intake.orderNumber;
    const key = number?.toUpperCase();
    const row = v.rows[0] ?? 0;
    if (number !== null && key !== undefined && taken.has(number)) {
      errors.push({ row, column: numberColumn, message: `order number "${number}" belongs to another order already` });
      continue;
    }
    if (key !== undefined && claimed.has(key)) {
      errors.push({
        row,
        column: numberColumn,
        message: `order number "${number ?? ''}" is also used by the order on row ${claimed.get(key) ?? 0} of this file`,
      });
      continue;
    }
    if (key !== undefined) claimed.set(key, row);
    orders.push({ ...v, action: 'create', changes: [], reason: null, existing: null });
  }
  errors.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  return { orders, errors, planId: fingerprint(orders, errors) };
}

function fingerprint(orders: readonly PlannedOrder[], errors: readonly CsvRowError[]): string {
  const hash = createHash('sha256');
  for (const o of orders) {
    hash.update(JSON.stringify([o.action, o.intake, o.changes, o.reason, o.existing?.order.id ?? null]));
    hash.update('\n');
  }
  hash.update(JSON.stringify(errors));
  return hash.digest('hex').slice(0, 32);
}

/** What the answer shows of one order. */
export interface ImportOrderView {
  externalId: string;
  orderNumber: string;
  rows: number[];
  /** Who and where, so the admin recognises the order in the preview. */
  customerName: string;
  city: string;
  pincode: string;
  items: number;
  paymentMethod: 'cod' | 'prepaid';
  totalPaise: number;
  /** What the courier collects: 0 for prepaid. */
  codAmountPaise: number;
  action: ImportAction;
  changes: OrderChange[];
  reason: string | null;
}

export function toImportOrderView(o: PlannedOrder): ImportOrderView {
  const total = intakeTotalPaise(o.intake);
  return {
    externalId: o.intake.externalId,
    orderNumber: o.existing?.order.orderNumber ?? o.intake.orderNumber ?? '(new number)',
    rows: o.rows,
    customerName: o.intake.customer.name,
    city: o.intake.shippingAddress.city,
    pincode: o.intake.shippingAddress.pincode,
    items: o.intake.items.length,
    paymentMethod: o.intake.paymentMethod,
    totalPaise: total,
    codAmountPaise: o.intake.paymentMethod === 'cod' ? (o.intake.codAmountPaise ?? total) : 0,
    action: o.action,
    changes: o.changes,
    reason: o.reason,
  };
}
