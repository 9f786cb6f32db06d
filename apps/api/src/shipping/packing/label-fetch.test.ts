import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLabels } from '../documents/index';
import { buildLabel } from '../documents/testing/document.fixtures';
import { fetchLabelPdf, LabelFetchError } from './label-fetch';

/** A real HTTP server standing in for iCarry's label host, one path per way a label URL can go wrong. */
describe('fetchLabelPdf', () => {
  let server: Server;
  let base: string;
  let pdf: Uint8Array;
  const options = { timeoutMs: 500, maxBytes: 200_000 };

  beforeAll(async () => {
    pdf = await renderLabels([buildLabel()]);
    server = createServer((req, res) => {
      switch (req.url) {
        case '/label.pdf':
          res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from(pdf));
          return;
        case '/junk-then-pdf.pdf':
          res.writeHead(200).end(Buffer.concat([Buffer.from('\n\n  '), Buffer.from(pdf)]));
          return;
        case '/html':
          res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html>Imunify360</html>');
          return;
        case '/truncated.pdf':
          res.writeHead(200).end(Buffer.from(pdf).subarray(0, 400));
          return;
        case '/huge.pdf':
          res.writeHead(200);
          res.write('%PDF-1.7\n');
          for (let i = 0; i < 50; i++) res.write(Buffer.alloc(10_000, 32));
          res.end();
          return;
        case '/slow.pdf':
          setTimeout(() => res.writeHead(200).end(Buffer.from(pdf)), 2_000).unref();
          return;
        default:
          res.writeHead(404).end('not found');
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  });

  it('returns a PDF a printer can use, even after leading junk', async () => {
    expect(Buffer.from(await fetchLabelPdf(`${base}/label.pdf`, options)).equals(Buffer.from(pdf))).toBe(true);
    expect((await fetchLabelPdf(`${base}/junk-then-pdf.pdf`, options)).byteLength).toBe(pdf.byteLength + 4);
  });

  it.each([
    ['an HTML page', '/html', /did not answer a PDF/],
    ['a cut-off PDF', '/truncated.pdf', /cannot be read/],
    ['a body over the cap', '/huge.pdf', /over 200000 bytes/],
    ['a slow answer', '/slow.pdf', /within 500 ms/],
    ['a 404', '/missing.pdf', /HTTP 404/],
  ])('refuses %s', async (_what, path, reason) => {
    const error = await fetchLabelPdf(`${base}${path}`, options).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LabelFetchError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).not.toContain(base);
  });

  it('refuses URLs that are not http(s)', async () => {
    for (const url of [
      'file:///etc/passwd',
      'ftp://example.com/x.pdf',
      'data:application/pdf;base64,JVBERi0=',
      'nope',
    ]) {
      await expect(fetchLabelPdf(url, options)).rejects.toBeInstanceOf(LabelFetchError);
    }
  });
});
