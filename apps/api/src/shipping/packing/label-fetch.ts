import type { PDFDocument } from 'pdf-lib';

/** Why one of iCarry's label PDFs could not be used (the label is then rendered by us). */
export class LabelFetchError extends Error {
  override readonly name = 'LabelFetchError';
}

export interface LabelFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  fetch?: typeof fetch;
}

/** A PDF's header may follow up to 1 KB of junk (the spec allows it; some generators do it). */
function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** Reads the body up to `maxBytes`, failing as soon as it is longer (a 2 GB "label" never fills memory). */
async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) throw new LabelFetchError(`label PDF is ${declared} bytes`);
  if (!res.body) return new Uint8Array();
  // undici's body is a byte stream; the DOM typings leave its chunk type open.
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new LabelFetchError(`label PDF is over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Fetches one of iCarry's label PDFs and checks it is one a printer can use: http(s) only, a
 * timeout over the whole download, a size cap, a PDF header, and a document pdf-lib can open
 * with pages that have content. Throws LabelFetchError (the reason names no URL: label links
 * can carry tokens).
 */
export async function fetchLabelPdf(url: string, options: LabelFetchOptions): Promise<Uint8Array> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LabelFetchError('label URL is not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new LabelFetchError(`label URL scheme ${parsed.protocol} is not http(s)`);
  const doFetch = options.fetch ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let bytes: Uint8Array;
  try {
    const res = await doFetch(parsed, { signal, headers: { accept: 'application/pdf' } });
    if (!res.ok) throw new LabelFetchError(`label URL answered HTTP ${res.status}`);
    bytes = await readCapped(res, options.maxBytes);
  } catch (err) {
    if (err instanceof LabelFetchError) throw err;
    if (signal.aborted) throw new LabelFetchError(`label PDF did not arrive within ${options.timeoutMs} ms`);
    throw new LabelFetchError(`label PDF could not be fetched (${err instanceof Error ? err.name : 'error'})`);
  }
  if (!hasPdfHeader(bytes)) throw new LabelFetchError('label URL did not answer a PDF');
  let doc: PDFDocument;
  try {
    // pdf-lib loads with the first label, not at start (see documents/renderers.lazy.ts).
    const { PDFDocument: Pdf } = await import('pdf-lib');
    doc = await Pdf.load(bytes, { updateMetadata: false });
  } catch {
    throw new LabelFetchError('label PDF cannot be read');
  }
  if (doc.getPageCount() === 0) throw new LabelFetchError('label PDF has no pages');
  if (doc.getPages().some((page) => !page.node.Contents())) throw new LabelFetchError('label PDF has a blank page');
  return bytes;
}
