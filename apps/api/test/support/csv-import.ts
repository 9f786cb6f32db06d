import { parse } from 'csv-parse/sync';

/** What POST /api/imports/orders answers (contract: DESIGN "Orders in"; docs/api.md). */
export interface ImportAnswer {
  dryRun?: boolean;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  refused?: number;
  ordersFound?: number;
  planId?: string;
  errors: { row: number; column: string; message: string }[];
  orders?: {
    externalId: string;
    orderNumber: string;
    rows: number[];
    customerName: string;
    city: string;
    pincode: string;
    items: number;
    paymentMethod: 'cod' | 'prepaid';
    totalPaise: number;
    codAmountPaise: number;
    action: 'create' | 'update' | 'unchanged' | 'skip';
    changes: { field: string; label: string; before: string | null; after: string | null }[];
    reason: string | null;
  }[];
  error?: { code?: string; message: string };
}

/** Uploads a CSV as the admin's Import page does (same origin, the session cookie). */
export async function uploadCsv(
  url: string,
  cookie: string | null,
  body: string,
  options: { dryRun?: boolean; expect?: string } = {},
): Promise<{ status: number; body: ImportAnswer }> {
  const query = new URLSearchParams();
  if (options.dryRun) query.set('dryRun', '1');
  if (options.expect !== undefined) query.set('expect', options.expect);
  const qs = query.size > 0 ? `?${query.toString()}` : '';
  const res = await fetch(`${url}/api/imports/orders${qs}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', ...(cookie ? { cookie } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as ImportAnswer };
}

/** A CSV's rows (header first), cells as text. */
export function csvRows(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true });
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** Sets `header`'s cell on the data rows `rowIndexes` (0 = the first row after the header). */
export function withCell(rows: readonly (readonly string[])[], header: string, value: string, rowIndexes?: number[]) {
  const column = rows[0]?.indexOf(header) ?? -1;
  if (column < 0) throw new Error(`no column ${header}`);
  return rows.map((row, i) =>
    i > 0 && (rowIndexes === undefined || rowIndexes.includes(i - 1))
      ? row.map((v, c) => (c === column ? value : v))
      : [...row],
  );
}
