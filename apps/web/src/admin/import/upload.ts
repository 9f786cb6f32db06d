/** One difference between an order imported before and the file, as the server words it. */
export interface ImportChange {
  field: string;
  label: string;
  /** null: not there before (an added item). */
  before: string | null;
  /** null: gone (an item the file no longer lists). */
  after: string | null;
}

export interface ImportOrder {
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
  /** create: new; update: imported before, changes as listed; unchanged; skip: differs but can no longer change. */
  action: 'create' | 'update' | 'unchanged' | 'skip';
  changes: ImportChange[];
  reason: string | null;
}

/** What POST /api/imports/orders answers (contract: DESIGN "Orders in"; docs/api.md). */
export interface ImportAnswer {
  dryRun?: boolean;
  format?: 'shiprocket' | 'template';
  ordersFound?: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** Orders of the file left out for problems; with the four counts above, ordersFound. */
  refused?: number;
  errors: { row: number; column: string; message: string }[];
  orders?: ImportOrder[];
  ordersTruncated?: boolean;
  /** The preview's fingerprint: the import sends it back and does exactly this, or nothing (409). */
  planId?: string;
  error?: { code?: string; message: string };
}

/**
 * Uploads the file with XMLHttpRequest rather than fetch: only XHR reports upload progress, which
 * a 10 MB file on a slow connection needs. The session cookie goes along (same origin).
 */
export function uploadOrdersCsv(
  file: Blob,
  options: { dryRun: boolean; expectPlan?: string | undefined; onProgress: (fraction: number) => void },
): Promise<{ status: number; body: ImportAnswer }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = options.dryRun
      ? '?dryRun=1'
      : options.expectPlan
        ? `?expect=${encodeURIComponent(options.expectPlan)}`
        : '';
    xhr.open('POST', `/api/imports/orders${query}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) options.onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      try {
        resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) as ImportAnswer });
      } catch {
        reject(new Error(`The server answered ${xhr.status} without a readable result.`));
      }
    };
    xhr.onerror = () => reject(new Error('The upload did not reach the server. Check the connection and try again.'));
    xhr.send(file);
  });
}
