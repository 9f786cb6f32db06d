import http from 'node:http';
import https from 'node:https';
import type { PDFDocument } from 'pdf-lib';
import {
  guardedLookup,
  isAddressLiteral,
  isPublicAddress,
  PrivateAddressError,
  urlHost,
} from '../../platform/security/public-address';

/**
 * Why one of iCarry's label PDFs could not be used (the label is then rendered by us): `refused`
 * when the URL is not one we fetch from (nothing was sent), `unusable` when what came back is not a label.
 */
export class LabelFetchError extends Error {
  override readonly name = 'LabelFetchError';
  constructor(
    message: string,
    readonly kind: 'refused' | 'unusable' = 'unusable',
  ) {
    super(message);
  }
}

/**
 * Where label PDFs may come from: exact origins (scheme, host and port), `https://www.icarry.in`
 * by default and the sandbox's own origin in sandbox mode, and whether that host may sit on a
 * private address (the sandbox on this machine) or must resolve to public ones only.
 */
export interface LabelSources {
  origins: readonly string[];
  allowPrivateAddresses: boolean;
}

export interface LabelFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  sources: LabelSources;
}

/** Why a label URL must not be fetched, or null when it may (no request is made for a refused one). */
export function labelUrlRefusal(url: string, sources: LabelSources): string | null {
  if (url.length > 2000 || !URL.canParse(url)) return 'label URL is not a URL';
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return `label URL scheme ${parsed.protocol.slice(0, 20)} is not http(s)`;
  if (parsed.username || parsed.password) return 'label URL carries credentials';
  if (!sources.origins.includes(parsed.origin))
    return `label URL origin ${parsed.origin.slice(0, 100)} is not one of iCarry's label hosts`;
  const host = urlHost(parsed);
  if (isAddressLiteral(host) && !sources.allowPrivateAddresses && !isPublicAddress(host))
    return `label URL host ${host} is not a public address`;
  return null;
}

/** A PDF's header may follow up to 1 KB of junk (the spec allows it; some generators do it). */
function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/**
 * GETs the URL with the SSRF guard on the address connected to (unless the sources allow private
 * ones), no redirects followed, a deadline over the whole download, and the body capped at
 * `maxBytes` (a 2 GB "label" never fills memory).
 */
function download(url: URL, options: LabelFetchOptions): Promise<Uint8Array> {
  const client = url.protocol === 'https:' ? https : http;
  const signal = AbortSignal.timeout(options.timeoutMs);
  return new Promise<Uint8Array>((resolve, reject) => {
    const fail = (err: unknown) => {
      if (err instanceof LabelFetchError) return reject(err);
      if (signal.aborted) return reject(new LabelFetchError(`label PDF did not arrive within ${options.timeoutMs} ms`));
      const cause = err instanceof Error && err.cause instanceof PrivateAddressError ? err.cause : err;
      if (cause instanceof PrivateAddressError) return reject(new LabelFetchError(cause.message, 'refused'));
      reject(new LabelFetchError(`label PDF could not be fetched (${err instanceof Error ? err.name : 'error'})`));
    };
    const req = client.request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/pdf' },
        lookup: guardedLookup(options.sources.allowPrivateAddresses),
        agent: false,
        signal,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const stop = (err: LabelFetchError) => {
          reject(err);
          req.destroy();
        };
        if (status < 200 || status > 299) return stop(new LabelFetchError(`label URL answered HTTP ${status}`));
        const declared = Number(res.headers['content-length'] ?? '');
        if (Number.isFinite(declared) && declared > options.maxBytes)
          return stop(new LabelFetchError(`label PDF is ${declared} bytes`));
        const chunks: Buffer[] = [];
        let total = 0;
        res.on('data', (chunk: Buffer) => {
          total += chunk.byteLength;
          if (total > options.maxBytes) return stop(new LabelFetchError(`label PDF is over ${options.maxBytes} bytes`));
          chunks.push(chunk);
        });
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', fail);
        res.on('aborted', () => fail(new Error('aborted')));
      },
    );
    req.on('error', fail);
    req.end();
  });
}

/**
 * Fetches one of iCarry's label PDFs and checks it is one a printer can use: only from the label
 * sources (refused before any request otherwise), a timeout over the whole download, a size cap,
 * a PDF header, and a document pdf-lib can open with pages that have content. Throws
 * LabelFetchError (the reason names at most the origin, never the URL: label links can carry tokens).
 */
export async function fetchLabelPdf(url: string, options: LabelFetchOptions): Promise<Uint8Array> {
  const refusal = labelUrlRefusal(url, options.sources);
  if (refusal) throw new LabelFetchError(refusal, 'refused');
  const bytes = await download(new URL(url), options);
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
