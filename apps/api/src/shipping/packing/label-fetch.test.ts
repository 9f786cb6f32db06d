import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLabels } from '../documents/index';
import { buildLabel } from '../documents/testing/document.fixtures';
import { fetchLabelPdf, LabelFetchError, labelUrlRefusal, type LabelSources } from './label-fetch';

/** A real HTTP server standing in for iCarry's label host, one path per way a label URL can go wrong. */
describe('fetchLabelPdf', () => {
  let server: Server;
  let base: string;
  let pdf: Uint8Array;
  let hits = 0;
  let options: { timeoutMs: number; maxBytes: number; sources: LabelSources };

  beforeAll(async () => {
    pdf = await renderLabels([buildLabel()]);
    server = createServer((req, res) => {
      hits++;
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
        case '/redirect.pdf':
          res.writeHead(302, { location: 'http://127.0.0.1:9/label.pdf' }).end();
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
    // As in sandbox mode: one origin, on this machine.
    options = { timeoutMs: 500, maxBytes: 200_000, sources: { origins: [base], allowPrivateAddresses: true } };
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
    ['a redirect (never followed)', '/redirect.pdf', /HTTP 302/],
  ])('refuses %s', async (_what, path, reason) => {
    const error = await fetchLabelPdf(`${base}${path}`, options).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LabelFetchError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).not.toContain(base);
  });

  it('makes no request for a URL off the label origins, over http when https is asked, or to a private address', async () => {
    const before = hits;
    const port = new URL(base).port;
    const refusals: [string, LabelSources][] = [
      // Same server, another origin spelling: not on the list.
      [`http://localhost:${port}/label.pdf`, options.sources],
      [`http://127.0.0.1:${port}/label.pdf`, { origins: [`https://127.0.0.1:${port}`], allowPrivateAddresses: true }],
      // On the list, but a private address where only public ones may be.
      [`${base}/label.pdf`, { origins: [base], allowPrivateAddresses: false }],
      [`http://localhost:${port}/label.pdf`, { origins: [`http://localhost:${port}`], allowPrivateAddresses: false }],
      [`http://user:pw@127.0.0.1:${port}/label.pdf`, options.sources],
    ];
    for (const [url, sources] of refusals) {
      const error = await fetchLabelPdf(url, { ...options, sources }).catch((err: unknown) => err);
      expect(error, url).toBeInstanceOf(LabelFetchError);
      expect((error as LabelFetchError).kind, url).toBe('refused');
    }
    expect(hits).toBe(before);
  });

  it("iCarry's default: https on www.icarry.in exactly", () => {
    const live: LabelSources = { origins: ['https://www.icarry.in'], allowPrivateAddresses: false };
    expect(labelUrlRefusal('https://www.icarry.in/print-shipment&shipment_id=1&awb=2', live)).toBeNull();
    expect(labelUrlRefusal('https://WWW.ICARRY.IN:443/label.pdf?x=1', live)).toBeNull();
    for (const url of [
      'http://www.icarry.in/label.pdf',
      'https://www.icarry.in:8443/label.pdf',
      'https://icarry.in/label.pdf',
      'https://www.icarry.in.attacker.example/label.pdf',
      'https://attacker.example/www.icarry.in/label.pdf',
      'https://www.icarry.in@attacker.example/label.pdf',
      'https://user@www.icarry.in/label.pdf',
      'ftp://www.icarry.in/label.pdf',
      'not a url',
    ])
      expect(labelUrlRefusal(url, live), url).not.toBeNull();
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
