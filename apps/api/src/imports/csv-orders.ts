import type { Readable } from 'node:stream';
import { formatPaiseAsRupees, parseRupeesToPaise } from '@app/shipping';
import { CsvError, parse } from 'csv-parse';
import { resolveColumns, type ColumnMap, type CsvField } from './csv-columns';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_IMPORT_ORDERS = 10_000;
/** A longer record (one row) is a broken file (an unclosed quote swallowing the rest), not an order. */
const MAX_RECORD_BYTES = 64 * 1024;

export interface CsvRowError {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  /** The column's header as written in the file; "" for the whole row or file. */
  column: string;
  message: string;
}

export interface CsvOrderGroup {
  orderId: string;
  /** Spreadsheet row numbers of the order's item rows, in file order. */
  rows: number[];
  records: string[][];
}

export type ReadCsvResult =
  | { ok: true; columns: ColumnMap; orders: CsvOrderGroup[]; rowErrors: CsvRowError[] }
  | { ok: false; status: number; errors: CsvRowError[]; message: string };

class TooLargeError extends Error {}

/** `;` or tab instead of `,` (Excel in many locales): decided from the header line, outside quotes. */
function sniffDelimiter(firstChunk: string): string {
  const line = firstChunk.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const unquoted = line.replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    const count = unquoted.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/**
 * Streams an orders CSV (BOM, `,` `;` or tab, CRLF, quoted newlines) into order groups, one row
 * per item, grouped by order id. Nothing is written: the caller validates and imports. Refuses a
 * file over MAX_IMPORT_BYTES, with more than MAX_IMPORT_ORDERS orders, malformed CSV or missing
 * columns, naming the row where it can.
 */
export async function readOrdersCsv(input: Readable): Promise<ReadCsvResult> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const first = await iterator.next();
  if (first.done) return { ok: false, status: 400, message: 'The file is empty.', errors: [] };
  const firstChunk = Buffer.isBuffer(first.value) ? first.value : Buffer.from(first.value);
  const delimiter = sniffDelimiter(firstChunk.subarray(0, 65_536).toString('utf8'));

  const parser = parse({
    bom: true,
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
    info: true,
  });
  let bytes = 0;
  const feed = (async () => {
    let chunk: Buffer = firstChunk;
    for (;;) {
      bytes += chunk.length;
      if (bytes > MAX_IMPORT_BYTES) throw new TooLargeError();
      if (!parser.write(chunk)) await new Promise((ok) => parser.once('drain', ok));
      const next = await iterator.next();
      if (next.done) break;
      chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    }
    parser.end();
  })();
  feed.catch((err: unknown) => parser.destroy(err instanceof Error ? err : new Error(String(err))));

  let columns: ColumnMap | undefined;
  let width = 0;
  const groups = new Map<string, CsvOrderGroup>();
  const rowErrors: CsvRowError[] = [];
  let recordNumber = 0;
  try {
    for await (const { record } of parser as AsyncIterable<{ record: string[] }>) {
      recordNumber += 1;
      if (!columns) {
        columns = resolveColumns(record);
        width = record.length;
        if (columns.missing.length > 0) {
          return {
            ok: false,
            status: 400,
            message: `The file lacks required columns: ${columns.missing.join(', ')}. Use Shiprocket's bulk-order headers or the template.`,
            errors: columns.missing.map((c) => ({ row: 1, column: c, message: 'column is missing' })),
          };
        }
        continue;
      }
      const row = recordNumber;
      if (record.every((v) => v.trim() === '')) continue;
      if (record.length > width) {
        rowErrors.push({ row, column: '', message: `has ${record.length} values but the header has ${width} columns` });
        continue;
      }
      const orderIdIndex = columns.index.orderId ?? 0;
      const orderId = (record[orderIdIndex] ?? '').trim();
      if (orderId === '') {
        rowErrors.push({ row, column: columns.header.orderId ?? 'order_id', message: 'is required' });
        continue;
      }
      let group = groups.get(orderId);
      if (!group) {
        if (groups.size >= MAX_IMPORT_ORDERS) {
          return {
            ok: false,
            status: 400,
            message: `The file has more than ${MAX_IMPORT_ORDERS.toLocaleString('en-IN')} orders; split it into smaller files.`,
            errors: [{ row, column: '', message: 'too many orders in one file' }],
          };
        }
        group = { orderId, rows: [], records: [] };
        groups.set(orderId, group);
      }
      group.rows.push(row);
      group.records.push(record);
    }
    await feed;
  } catch (err) {
    if (err instanceof TooLargeError) {
      return {
        ok: false,
        status: 413,
        message: 'The file is larger than 10 MB; split it into smaller files.',
        errors: [],
      };
    }
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      return {
        ok: false,
        status: 400,
        message: `The file is not valid CSV: ${csvProblem(err.code)}.`,
        errors: [
          { row: typeof line === 'number' ? line : recordNumber + 1, column: '', message: csvProblem(err.code) },
        ],
      };
    }
    throw err;
  } finally {
    input.resume();
  }
  if (!columns) return { ok: false, status: 400, message: 'The file is empty.', errors: [] };
  if (groups.size === 0 && rowErrors.length === 0) {
    return { ok: false, status: 400, message: 'The file has a header but no orders.', errors: [] };
  }
  return { ok: true, columns, orders: [...groups.values()], rowErrors };
}

function csvProblem(code: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a quote appears inside a value that is not quoted properly';
    case 'CSV_MAX_RECORD_SIZE':
      return 'a row is longer than 64 KB (often an unclosed quote)';
    default:
      return 'it could not be parsed';
  }
}

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
  const iso = `${y ?? ''}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}+05:30`;
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
