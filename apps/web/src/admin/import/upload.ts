/** What POST /api/imports/orders answers (contract: DESIGN "Orders in"). */
export interface ImportAnswer {
  dryRun?: boolean;
  format?: 'shiprocket' | 'template';
  ordersFound?: number;
  created: number;
  updated: number;
  skipped: number;
  errors: { row: number; column: string; message: string }[];
  orders?: {
    externalId: string;
    orderNumber: string;
    rows: number[];
    items: number;
    paymentMethod: 'cod' | 'prepaid';
    totalPaise: number;
    state: 'new' | 'exists';
  }[];
  existing?: { externalId: string; orderNumber: string }[];
  error?: { message: string };
}

/**
 * Uploads the file with XMLHttpRequest rather than fetch: only XHR reports upload progress, which
 * a 10 MB file on a slow connection needs. The session cookie goes along (same origin).
 */
export function uploadOrdersCsv(
  file: Blob,
  options: { dryRun: boolean; onProgress: (fraction: number) => void },
): Promise<{ status: number; body: ImportAnswer }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/imports/orders${options.dryRun ? '?dryRun=1' : ''}`);
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
