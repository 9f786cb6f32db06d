// A grouped CSV order (rows of one order number) as the order-input schema reads it, and back:
// which cell an issue of the schema points at.
import { formatPaiseAsRupees, IST_ZONE, parseAmountPaise, parseRupeesToPaise, parseWeightKg } from '@app/shipping';
import { placedAtSchema } from '../orders/order-fields.schema';
import type { ColumnMap, CsvField } from './csv-columns';
import { findRowDisagreements } from './csv-order-rows';
import type { CsvOrderGroup, CsvRowError } from './csv-orders';

/** Dates as merchants write them: "30-11-2026 10:15" (Shiprocket), "30/11/2026", "2026-11-30 10:15", ISO. Times are IST. */
export function csvDateToIso(text: string): string {
  const t = text.trim();
  if (t === '') return '';
  let m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (m) return isoIst(m[3], m[2], m[1], m[4], m[5], m[6]) ?? t;
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (m) return isoIst(m[1], m[2], m[3], m[4], m[5], m[6]) ?? t;
  return t;
}

function isoIst(
  y: string | undefined,
  mo: string | undefined,
  d: string | undefined,
  h = '0',
  mi = '0',
  s = '0',
): string | null {
  const pad = (v: string | undefined) => (v ?? '0').padStart(2, '0');
  const iso = `${y ?? ''}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${IST_ZONE}`;
  const date = new Date(iso);
  // Reject 31-02-2026 and friends, which Date would roll over.
  if (Number.isNaN(date.getTime())) return null;
  const back = new Date(date.getTime() + 5.5 * 3_600_000).toISOString();
  return back.startsWith(`${y ?? ''}-${pad(mo)}-${pad(d)}`) ? iso : null;
}

/** What a bad order date is told: the format merchants write (Shiprocket's), not the API's ISO 8601. */
export const CSV_DATE_FORMAT_MESSAGE = 'must be a date as dd-mm-yyyy hh:MM in India time, e.g. "06-12-2026 14:30"';

/** The order date as the schema reads it (ISO), or undefined with a row error in the file's own terms. */
function csvPlacedAt(
  text: string | undefined,
  rowErrors: CsvRowError[],
  cell: { row: number; column: string },
): string | undefined {
  if (text === undefined) return undefined;
  const iso = csvDateToIso(text);
  if (placedAtSchema.safeParse(iso).success) return iso;
  rowErrors.push({ ...cell, message: CSV_DATE_FORMAT_MESSAGE });
  return undefined;
}

function paymentMethod(text: string): string {
  const t = text.trim().toLowerCase();
  if (['cod', 'cash on delivery', 'cash'].includes(t)) return 'cod';
  if (['prepaid', 'paid', 'online'].includes(t)) return 'prepaid';
  return t;
}

/** Order-level values the shared schema does not hold, as written in the file (undefined = blank or no column). */
export interface CsvOrderExtras {
  orderDiscount?: string;
  codCharges?: string;
  partialCod?: string;
  paidAmount?: string;
  giftWrapCharges?: string;
  transactionFee?: string;
}

export interface CsvOrderInput {
  orderId: string;
  rows: number[];
  /** The order in the shape the order-input schema parses (strings as in the file). */
  input: Record<string, unknown>;
  extras: CsvOrderExtras;
  /** Problems found while building the input (disagreeing rows, country, weights, discounts, box). */
  rowErrors: CsvRowError[];
}

/**
 * One order's rows as the shared order input. Order-level columns must agree on every row that
 * fills them (else the order is refused, naming the rows); they are read from the first row that does.
 */
export function toCsvOrderInput(group: CsvOrderGroup, columns: ColumnMap): CsvOrderInput {
  const get = (record: readonly string[] | undefined, field: CsvField): string | undefined => {
    const i = columns.index[field];
    if (i === undefined || !record) return undefined;
    const value = (record[i] ?? '').trim();
    return value === '' ? undefined : value;
  };
  /** An order-level value: the first row that states it (findRowDisagreements checks the others agree). */
  const order = (field: CsvField): string | undefined => {
    for (const record of group.records) {
      const value = get(record, field);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const has = (field: CsvField) => columns.index[field] !== undefined;
  const column = (field: CsvField, fallback: string) => columns.header[field] ?? fallback;
  const firstRow = group.rows[0] ?? 0;
  const rowErrors: CsvRowError[] = findRowDisagreements(group, columns);
  const country = order('country');
  if (country !== undefined && !['india', 'in', 'ind', 'bharat'].includes(country.toLowerCase())) {
    rowErrors.push({
      row: firstRow,
      column: column('country', 'country'),
      message: 'only orders to India can be shipped',
    });
  }
  const name = order('customerName') ?? [order('firstName'), order('lastName')].filter(Boolean).join(' ');
  const items = group.records.map((record, i) => {
    const price = get(record, 'unitPrice');
    const discount = get(record, 'unitDiscount');
    const pricePaise = parseRupeesToPaise(price);
    let unitPrice: string | undefined = price;
    if (discount !== undefined) {
      const off = parseAmountPaise(discount);
      if (!off.ok || (pricePaise !== null && off.paise > pricePaise)) {
        rowErrors.push({
          row: group.rows[i] ?? firstRow,
          column: column('unitDiscount', 'unit_discount'),
          message: off.ok ? 'must not be more than the selling price' : off.message,
        });
      } else if (pricePaise !== null && off.paise > 0) {
        unitPrice = formatPaiseAsRupees(pricePaise - off.paise);
      }
    }
    return {
      sku: get(record, 'sku'),
      name: get(record, 'productName'),
      quantity: get(record, 'quantity'),
      unitPrice,
      weight: get(record, 'weight'),
    };
  });
  // Shiprocket gives one weight for the whole shipment, in kg: per unit when the order has one line.
  const shipmentKg = order('shipmentWeightKg');
  if (shipmentKg !== undefined) {
    const kg = parseWeightKg(shipmentKg);
    const only = items.length === 1 ? items[0] : undefined;
    if (!kg.ok) {
      rowErrors.push({ row: firstRow, column: column('shipmentWeightKg', 'shipment_weight_kg'), message: kg.message });
    } else if (only && only.weight === undefined) {
      const quantity = Number(only.quantity ?? '1');
      if (Number.isInteger(quantity) && quantity > 0)
        only.weight = String(Math.max(1, Math.round(kg.grams / quantity)));
    }
  }
  const placedAt = csvPlacedAt(order('orderDate'), rowErrors, {
    row: firstRow,
    column: column('orderDate', 'order_date'),
  });
  return {
    orderId: group.orderId,
    rows: group.rows,
    extras: {
      orderDiscount: order('orderDiscount'),
      codCharges: order('codCharges'),
      partialCod: order('partialCod'),
      paidAmount: order('paidAmount'),
      giftWrapCharges: order('giftWrapCharges'),
      transactionFee: order('transactionFee'),
    },
    rowErrors,
    input: {
      externalId: group.orderId,
      orderNumber: order('orderNumber') ?? group.orderId,
      placedAt,
      status: order('status')?.toLowerCase(),
      paymentMethod: paymentMethod(order('paymentMethod') ?? ''),
      codAmount: order('codAmount'),
      customer: { name, phone: order('phone'), email: order('email'), language: order('language') },
      shippingAddress: {
        line1: order('line1'),
        line2: order('line2'),
        landmark: order('landmark'),
        city: order('city'),
        state: order('state'),
        pincode: order('pincode'),
      },
      items,
      shippingCharge: order('shippingCharge'),
      note: order('note'),
      // A column the file has states the value (blank = none); a file without it says nothing.
      alternatePhone: has('alternatePhone') ? (order('alternatePhone') ?? null) : undefined,
      package: packageOf(order, has),
    },
  };
}

const SIDES = ['lengthCm', 'breadthCm', 'heightCm'] as const;

/**
 * The box: its three sides (a blank one among given ones is refused by the schema, naming its
 * column), null when the file's box columns are blank, undefined when the file has none.
 */
function packageOf(
  order: (field: CsvField) => string | undefined,
  has: (field: CsvField) => boolean,
): Record<(typeof SIDES)[number], string> | null | undefined {
  if (!SIDES.some(has)) return undefined;
  const sides = SIDES.map((side) => order(side));
  if (sides.every((v) => v === undefined)) return null;
  const [lengthCm = '', breadthCm = '', heightCm = ''] = sides;
  return { lengthCm, breadthCm, heightCm };
}

/** Which column (and row) a schema issue path points at. */
export function locateIssue(path: string, order: CsvOrderInput, columns: ColumnMap): { row: number; column: string } {
  const firstRow = order.rows[0] ?? 0;
  const name = (field: CsvField, fallback: string) => columns.header[field] ?? fallback;
  const item = /^items\.(\d+)\.(\w+)/.exec(path);
  if (item) {
    const row = order.rows[Number(item[1])] ?? firstRow;
    const field: Record<string, CsvField> = {
      sku: 'sku',
      name: 'productName',
      quantity: 'quantity',
      unitPrice: 'unitPrice',
      weight: 'weight',
    };
    const f = field[item[2] ?? ''] ?? 'sku';
    const column =
      f === 'weight' && columns.index.weight === undefined ? name('shipmentWeightKg', 'weight') : name(f, f);
    return { row, column };
  }
  const map: Record<string, CsvField> = {
    externalId: 'orderId',
    orderNumber: 'orderNumber',
    placedAt: 'orderDate',
    status: 'status',
    paymentMethod: 'paymentMethod',
    codAmount: 'codAmount',
    'customer.phone': 'phone',
    'customer.email': 'email',
    'customer.language': 'language',
    'shippingAddress.line1': 'line1',
    'shippingAddress.line2': 'line2',
    'shippingAddress.landmark': 'landmark',
    'shippingAddress.city': 'city',
    'shippingAddress.state': 'state',
    'shippingAddress.pincode': 'pincode',
    shippingCharge: 'shippingCharge',
    note: 'note',
    alternatePhone: 'alternatePhone',
    'package.lengthCm': 'lengthCm',
    'package.breadthCm': 'breadthCm',
    'package.heightCm': 'heightCm',
    items: 'orderId',
  };
  if (path === 'customer.name') {
    return { row: firstRow, column: columns.header.customerName ?? columns.header.firstName ?? 'customer_name' };
  }
  const field = map[path];
  if (field === 'orderNumber' && columns.index.orderNumber === undefined)
    return { row: firstRow, column: name('orderId', 'order_id') };
  return { row: firstRow, column: field ? name(field, field) : '' };
}
