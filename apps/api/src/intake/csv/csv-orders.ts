import type { Readable } from 'node:stream';
import { resolveColumns, type ColumnMap } from './csv-columns';

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
  // Loaded on the first import, not at start (RSS at rest, docs/performance.md).
  const { CsvError, parse } = await import('csv-parse');

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
      const line = (err as InstanceType<typeof CsvError> & { lines?: number }).lines;
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
