import { startTestStack, type TestStack } from '@app/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWebDistBuilt, WEB_DIST } from './browser';
import { bookThroughApi, seedStore, shipmentsOf, trackingPathFromMessages } from './fixtures';

/**
 * The server-rendered tracking page over plain HTTP: no browser, no JavaScript. What a customer on
 * a phone with scripts off (or a link preview) gets is the whole page.
 */
describe('the tracking page over plain HTTP', () => {
  let stack: TestStack;
  let fixtures: Awaited<ReturnType<typeof seedStore>>;
  let trackingPath = '';

  beforeAll(async () => {
    assertWebDistBuilt();
    stack = await startTestStack({
      webDist: WEB_DIST,
      env: {
        STORE_NAME: 'Kaveri Foods',
        STORE_BRAND_COLOR: '#0f766e',
        STORE_SUPPORT_PHONE: '+91 80 4567 8900',
        STORE_SUPPORT_EMAIL: 'help@kaveri.example',
      },
    });
    fixtures = await seedStore(stack.database.db);
    await bookThroughApi(stack, fixtures.main.id);
    trackingPath = await trackingPathFromMessages(stack, fixtures.main.id);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('with the link token: the status, AWB, courier and the store’s name are in the HTML itself', async () => {
    const res = await fetch(`${stack.url}${trackingPath}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const [shipment] = await shipmentsOf(stack, fixtures.main.id);
    const detail = await stack.adminCaller.orders.get({ orderId: fixtures.main.id });
    expect(html).toContain('Shipped');
    expect(html).toContain(String(shipment?.awb));
    expect(html).toContain(String(detail.shipment?.courierName));
    expect(html).toContain('Kaveri Foods');
    expect(html).toMatch(/<title>Order FB-10231 · Kaveri Foods<\/title>/);
    expect(html).toContain('tel:+918045678900');
    // Masked even with the token.
    expect(html).not.toContain('Asha Raman');
    expect(html).not.toContain('9876543210');
    expect(html).not.toContain('Indiranagar');
    // A personal view: only the customer's own browser may keep it, and only to revalidate (ETag,
    // 304; issue 26); the token must not leak through Referer.
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.headers.get('etag')).toMatch(/^W\/".+"$/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    // The brand colour's inline style is allowed by its hash, nothing else inline.
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    // Never framed, no opener policy: COOP same-origin made Chromium swap processes on the
    // customer's navigation (~25 ms of first paint, docs/performance.md); the link's token is the
    // page's only key, so a window handle gives an opener nothing the link does not.
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cross-origin-opener-policy')).toBeNull();
    expect(html).toContain('--accent:#0f766e');
    // The browser gets no React: one small module script.
    const scripts = [...html.matchAll(/<script\b[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('without the token: the phone-digits form, nothing private, cacheable', async () => {
    const res = await fetch(`${stack.url}/order-tracking/FB-10231`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Last 4 digits of your phone');
    expect(html).toContain('Kaveri Foods');
    const [shipment] = await shipmentsOf(stack, fixtures.main.id);
    for (const secret of [
      'Asha',
      'A*',
      '9876543210',
      '3210',
      'Indiranagar',
      'Bengaluru',
      '560038',
      String(shipment?.awb),
    ])
      expect(html).not.toContain(secret);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('a wrong token shows the form again with why, and answers like an unknown order', async () => {
    const wrong = await fetch(`${stack.url}/order-tracking/FB-10231?t=${'x'.repeat(24)}`);
    const unknown = await fetch(`${stack.url}/order-tracking/FB-99999?t=${'x'.repeat(24)}`);
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    const [a, b] = [await wrong.text(), await unknown.text()];
    expect(a).toContain('This link didn’t work');
    expect(a.replaceAll('FB-10231', 'N')).toBe(b.replaceAll('FB-99999', 'N'));
  });

  it('the phone-digits form works without JavaScript: a form POST answers the page', async () => {
    const post = (digits: string) =>
      fetch(`${stack.url}/order-tracking/FB-10231/unlock`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ phoneLast4: digits }),
      });
    const wrong = await post('1111');
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain('We couldn’t find an order with those details');
    const right = await post('3210');
    expect(right.status).toBe(200);
    expect(right.headers.get('cache-control')).toBe('private, no-store');
    const html = await right.text();
    expect(html).toContain('Shipped');
    // Its refresh link carries the short-lived access token, which opens the page on its own.
    const refresh = /href="(\/order-tracking\/FB-10231\?t=a\.[^"]+)" data-refresh/
      .exec(html)?.[1]
      ?.replaceAll('&amp;', '&');
    expect(refresh).toBeTruthy();
    const again = await fetch(`${stack.url}${String(refresh)}`);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Shipped');
  });

  it('serves the page and its assets compressed, the assets immutable', async () => {
    const res = await fetch(`${stack.url}${trackingPath}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const html = await res.text();
    const script = /<script[^>]*src="([^"]+)"/.exec(html)?.[1];
    // The stylesheet is inside the page (no second request before the first paint).
    expect(html).not.toMatch(/<link rel="stylesheet"/);
    expect(html).toMatch(/<style>[^<]*\.stepper/);
    const r = await fetch(`${stack.url}${String(script)}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toContain('immutable');
    expect(['br', 'gzip']).toContain(r.headers.get('content-encoding'));
  });

  it('no order number: a plain GET form that leads to the order’s page', async () => {
    const res = await fetch(`${stack.url}/order-tracking`);
    expect(await res.text()).toContain('Track your order');
    const go = await fetch(`${stack.url}/order-tracking?order=FB-10231`, { redirect: 'manual' });
    expect(go.status).toBe(303);
    expect(go.headers.get('location')).toBe('/order-tracking/FB-10231');
  });
  it('an admin’s override reason and cancel reason are not in the HTML: the history reads fixed words', async () => {
    const orderId = fixtures.prepaid.id;
    await bookThroughApi(stack, orderId);
    const path = await trackingPathFromMessages(stack, orderId);
    await stack.adminCaller.orders.cancelShipment({ orderId, reason: 'INTERNAL cancel reason: courier too slow' });
    await stack.adminCaller.orders.overrideStatus({
      orderId,
      status: 'cancelled',
      reason: 'INTERNAL ONLY fraud suspicion',
    });
    const html = await (await fetch(`${stack.url}${path}`)).text();
    expect(html).toContain('Order cancelled');
    expect(html).toContain('Shipment cancelled');
    expect(html).not.toContain('INTERNAL');
    expect(html).not.toMatch(/fraud|courier too slow|by an admin/i);
  });
});
