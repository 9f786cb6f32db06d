// The rows of one order in a CSV repeat its order-level columns (address, payment, customer, date,
// charges). When they do not agree, which row is the order? No guess: the order is refused.
import { parseRupeesToPaise } from '@app/shipping';
import { ITEM_FIELDS, type ColumnMap, type CsvField } from './csv-columns';
import type { CsvOrderGroup, CsvRowError } from './csv-orders';

const MONEY_FIELDS: ReadonlySet<CsvField> = new Set<CsvField>([
  'codAmount',
  'shippingCharge',
  'orderDiscount',
  'codCharges',
  'paidAmount',
  'giftWrapCharges',
  'transactionFee',
]);
const NUMBER_FIELDS: ReadonlySet<CsvField> = new Set<CsvField>([
  'shipmentWeightKg',
  'lengthCm',
  'breadthCm',
  'heightCm',
]);
const PHONE_FIELDS: ReadonlySet<CsvField> = new Set<CsvField>(['phone', 'alternatePhone']);

/**
 * What a cell means, so "49" and "49.00", "+91 98765 43210" and "09876543210", or a change of
 * case or spacing are the same statement; anything else is compared as written.
 */
function meaning(field: CsvField, value: string): string {
  if (MONEY_FIELDS.has(field)) {
    const paise = parseRupeesToPaise(value);
    if (paise !== null) return `paise:${paise}`;
  }
  if (NUMBER_FIELDS.has(field) && /^\d+(\.\d+)?$/.test(value)) return `n:${Number(value)}`;
  if (PHONE_FIELDS.has(field)) {
    const digits = value.replace(/\D/g, '');
    if (digits.length >= 10) return `tel:${digits.slice(-10)}`;
  }
  return value.replace(/\s+/g, ' ').toLowerCase();
}

/**
 * One error per order-level column whose rows disagree, naming the rows (and, through the
 * column, what disagrees). A blank cell on a later row says nothing (some files state the order
 * once), so only two different non-blank values disagree. Values are not repeated in the message:
 * it names where to look, not the customer's details.
 */
export function findRowDisagreements(group: CsvOrderGroup, columns: ColumnMap): CsvRowError[] {
  if (group.records.length < 2) return [];
  const errors: CsvRowError[] = [];
  for (const [field, index] of Object.entries(columns.index) as [CsvField, number][]) {
    if (ITEM_FIELDS.has(field)) continue;
    const byMeaning = new Map<string, number[]>();
    group.records.forEach((record, i) => {
      const value = (record[index] ?? '').trim();
      if (value === '') return;
      const key = meaning(field, value);
      const rows = byMeaning.get(key) ?? [];
      rows.push(group.rows[i] ?? 0);
      byMeaning.set(key, rows);
    });
    if (byMeaning.size < 2) continue;
    const groups = [...byMeaning.values()];
    const firstRows = groups.map((rows) => rows[0] ?? 0);
    const list = (rows: number[]) =>
      rows.length <= 5 ? rows.join(', ') : `${rows.slice(0, 5).join(', ')} and ${rows.length - 5} more`;
    const described = groups
      .slice(0, 4)
      .map((rows) => (rows.length === 1 ? `row ${rows[0]}` : `rows ${list(rows)}`))
      .concat(groups.length > 4 ? [`${groups.length - 4} other values`] : []);
    errors.push({
      row: Math.min(...firstRows.slice(1)),
      column: columns.header[field] ?? field,
      message: `differs between the rows of order ${group.orderId.slice(0, 60)} (${described.join(' vs ')}); every row of an order must give the same order details, so the order was left out`,
    });
  }
  return errors;
}
