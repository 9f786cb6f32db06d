// A grouped CSV order (rows of one order number) as the order-input schema reads it, and back:
// which cell an issue of the schema points at.
import { formatPaiseAsRupees, IST_ZONE, parseRupeesToPaise } from '@app/shipping';
import type { ColumnMap, CsvField } from './csv-columns';
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

function paymentMethod(text: string): string {
  const t = text.trim().toLowerCase();
  if (['cod', 'cash on delivery', 'cash'].includes(t)) return 'cod';
  if (['prepaid', 'paid', 'online'].includes(t)) return 'prepaid';
  return t;
}

export interface CsvOrderInput {
  orderId: string;
  rows: number[];
  /** The order in the shape the order-input schema parses (strings as in the file). */
  input: Record<string, unknown>;
  /** Order-level values outside the shared schema. */
  orderDiscount: string | null;
  /** Problems found while building the input (country, shipment weight). */
  rowErrors: CsvRowError[];
}

/** One order's rows as the shared order input; order-level fields come from its first row. */
export function toCsvOrderInput(group: CsvOrderGroup, columns: ColumnMap): CsvOrderInput {
  const get = (record: readonly string[] | undefined, field: CsvField): string | undefined => {
    const i = columns.index[field];
    if (i === undefined || !record) return undefined;
    const value = (record[i] ?? '').trim();
    return value === '' ? undefined : value;
  };
  const first = group.records[0];
  const firstRow = group.rows[0] ?? 0;
  const rowErrors: CsvRowError[] = [];
  const country = get(first, 'country');
  if (country !== undefined && !['india', 'in', 'ind', 'bharat'].includes(country.toLowerCase())) {
    rowErrors.push({
      row: firstRow,
      column: columns.header.country ?? 'country',
      message: 'only orders to India can be shipped',
    });
  }
  const name =
    get(first, 'customerName') ?? [get(first, 'firstName'), get(first, 'lastName')].filter(Boolean).join(' ');
  const items = group.records.map((record, i) => {
    const price = get(record, 'unitPrice');
    const discount = get(record, 'unitDiscount');
    const pricePaise = parseRupeesToPaise(price);
    const discountPaise = discount === undefined ? 0 : parseRupeesToPaise(discount);
    let unitPrice: string | undefined = price;
    if (pricePaise !== null && discountPaise !== null && discountPaise > 0) {
      unitPrice = formatPaiseAsRupees(Math.max(0, pricePaise - discountPaise));
    } else if (discountPaise === null) {
      rowErrors.push({
        row: group.rows[i] ?? firstRow,
        column: columns.header.unitDiscount ?? 'unit_discount',
        message: 'must be an amount in rupees',
      });
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
  const shipmentKg = get(first, 'shipmentWeightKg');
  const only = items.length === 1 ? items[0] : undefined;
  if (shipmentKg !== undefined && only && only.weight === undefined) {
    const kg = Number(shipmentKg);
    const quantity = Number(only.quantity ?? '1');
    if (!(kg > 0) || !Number.isFinite(kg) || kg > 1000) {
      rowErrors.push({
        row: firstRow,
        column: columns.header.shipmentWeightKg ?? '',
        message: 'must be a weight in kg, e.g. 0.5',
      });
    } else if (Number.isInteger(quantity) && quantity > 0) {
      only.weight = String(Math.max(1, Math.round((kg * 1000) / quantity)));
    }
  }
  const placedAt = get(first, 'orderDate');
  return {
    orderId: group.orderId,
    rows: group.rows,
    orderDiscount: get(first, 'orderDiscount') ?? null,
    rowErrors,
    input: {
      externalId: group.orderId,
      orderNumber: get(first, 'orderNumber') ?? group.orderId,
      placedAt: placedAt === undefined ? undefined : csvDateToIso(placedAt),
      status: get(first, 'status')?.toLowerCase(),
      paymentMethod: paymentMethod(get(first, 'paymentMethod') ?? ''),
      codAmount: get(first, 'codAmount'),
      customer: { name, phone: get(first, 'phone'), email: get(first, 'email') },
      shippingAddress: {
        line1: get(first, 'line1'),
        line2: get(first, 'line2'),
        landmark: get(first, 'landmark'),
        city: get(first, 'city'),
        state: get(first, 'state'),
        pincode: get(first, 'pincode'),
      },
      items,
      shippingCharge: get(first, 'shippingCharge'),
      note: get(first, 'note'),
    },
  };
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
    'shippingAddress.line1': 'line1',
    'shippingAddress.line2': 'line2',
    'shippingAddress.landmark': 'landmark',
    'shippingAddress.city': 'city',
    'shippingAddress.state': 'state',
    'shippingAddress.pincode': 'pincode',
    shippingCharge: 'shippingCharge',
    note: 'note',
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
