import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundRequestError, postOutbound } from './outbound-http';

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
    // Dual-stack: IPv4 loopback and every IPv6 spelling of it reach this server if the guard lets them.
    await new Promise<void>((ok) => server.listen(0, '::', ok));
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

  it('refuses every spelling of a local address (IPv4-compatible, mapped, NAT64, 6to4, 0.0.0.0) without connecting', async () => {
    const before = hits;
    for (const host of [
      '[::7f00:1]',
      '[::127.0.0.1]',
      '[::ffff:127.0.0.1]',
      '[::ffff:7f00:1]',
      '[::ffff:0:7f00:1]',
      '[64:ff9b::7f00:1]',
      '[2002:7f00:1::1]',
      '[::1]',
      '[::]',
      '0.0.0.0',
      '2130706433',
      '0x7f.1',
      '127.1',
    ]) {
      await expect(send('/', false, host), host).rejects.toMatchObject({ kind: 'refused' });
    }
    expect(hits).toBe(before);
    // The same spellings do reach the server when private addresses are allowed: the refusals above were the guard's.
    expect((await send('/', true, '[::ffff:127.0.0.1]')).status).toBe(200);
    expect((await send('/', true, '0.0.0.0')).status).toBe(200);
    expect(hits).toBe(before + 2);
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
