import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, OutboundRequestError, postOutbound } from './outbound-http';

describe('isPublicAddress', () => {
  it('refuses loopback, private, link-local, CGNAT, unspecified and mapped private addresses', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fc00::1',
      '::ffff:127.0.0.1',
      'nonsense',
    ])
      expect(isPublicAddress(a), a).toBe(false);
    for (const a of ['8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(a), a).toBe(true);
  });
});

describe('postOutbound', () => {
  let server: Server;
  let port = 0;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/final' });
        res.end();
      } else if (req.url === '/slow') {
        setTimeout(() => res.end(), 2000);
      } else {
        res.writeHead(200);
        res.end('ok');
      }
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
  });
  const send = (path: string, allowPrivate: boolean, host = '127.0.0.1', timeoutMs = 5000) =>
    postOutbound(`http://${host}:${port}${path}`, { body: '{}', headers: {}, timeoutMs, allowPrivate });

  it('refuses a loopback address, as a literal and as a name that resolves to it, before connecting', async () => {
    const before = hits;
    await expect(send('/', false)).rejects.toMatchObject({ kind: 'refused' });
    await expect(send('/', false, 'localhost')).rejects.toBeInstanceOf(OutboundRequestError);
    await expect(send('/', false, 'localhost')).rejects.toMatchObject({ kind: 'refused' });
    expect(hits).toBe(before);
  });

  it('allowed private: answers the status; a redirect is returned, not followed', async () => {
    expect((await send('/', true)).status).toBe(200);
    const before = hits;
    expect((await send('/redirect', true, 'localhost')).status).toBe(302);
    expect(hits).toBe(before + 1);
  });

  it('times out', async () => {
    await expect(send('/slow', true, '127.0.0.1', 300)).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('refuses other schemes', async () => {
    await expect(
      postOutbound('file:///etc/passwd', { body: '', headers: {}, timeoutMs: 100, allowPrivate: true }),
    ).rejects.toMatchObject({ kind: 'invalid' });
  });
});
