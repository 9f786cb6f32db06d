import { insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageTexts } from '../../src/shipping/documents/testing/pdf.testing';
import { istDay } from '@app/shipping';
import { startTestStack, testDatabaseKinds, waitFor, type TestStack } from '../../src/testing/index';
import { ApiClient } from '../reliability/support/http';

describe.each(testDatabaseKinds())("pickup manifest and Today's pickup on %s", (kind) => {
  let stack: TestStack;
  let admin: ApiClient;
  const waiting: { id: string; orderNumber: string; awb: string; cod: number }[] = [];
  let pickedUp: { id: string; awb: string };

  const manifest = (query: string, client: ApiClient | null = admin) =>
    fetch(`${stack.url}/api/manifest.pdf${query}`, { headers: client?.cookie ? { cookie: client.cookie } : {} });

  beforeAll(async () => {
    stack = await startTestStack({ kind });
    admin = await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password);
    const specs = [
      { payment_method: 'cod' as const, items: [{ weight_text: '500g' }] },
      { payment_method: 'prepaid' as const, items: [{ weight_text: '1kg' }] },
      { payment_method: 'cod' as const, items: [{ weight_text: '2kg' }] },
    ];
    for (const spec of specs) {
      const order = await insertOrder(stack.database.db, { status: 'processing', ...spec });
      const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
      waiting.push({
        id: order.id,
        orderNumber: order.order_number,
        awb: String(shipment.awb),
        cod: spec.payment_method === 'cod' ? order.total_paise : 0,
      });
    }
    const gone = await insertOrder(stack.database.db, { status: 'processing' });
    const goneShipment = await stack.adminCaller.orders.ship({ orderId: gone.id });
    pickedUp = { id: gone.id, awb: String(goneShipment.awb) };
    // The courier collected this one: iCarry's push (status 3, Shipped) takes it off the sheet.
    await stack.runtime.sandbox?.control.setStatus(String(goneShipment.providerShipmentId), 3);
    await waitFor(
      async () => (await stack.adminCaller.orders.get({ orderId: gone.id })).shipment?.status === 'picked_up',
      {
        what: 'the pickup push',
      },
    );
    await fetch(`${stack.url}/api/labels.pdf?orderIds=${waiting[0]?.id}`, {
      headers: { cookie: String(admin.cookie) },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("Today's pickup lists what awaits the courier, by courier, with the manifest's totals and label state", async () => {
    const view = await stack.adminCaller.packing.pickup();
    expect(view.date).toBe(istDay(new Date()));
    expect(view.shipments.map((s) => s.awb).sort()).toEqual(waiting.map((w) => w.awb).sort());
    expect(view.shipments.some((s) => s.awb === pickedUp.awb)).toBe(false);
    expect(view.summary.count).toBe(3);
    expect(view.summary.codCount).toBe(2);
    expect(view.summary.codPaise).toBe(waiting.reduce((sum, w) => sum + w.cod, 0));
    expect(view.summary.couriers.reduce((sum, c) => sum + c.count, 0)).toBe(3);
    expect(view.summary.weightGrams).toBe(view.shipments.reduce((sum, s) => sum + s.weightGrams, 0));
    expect(view.summary.unprinted).toBe(2);
    expect(view.shipments.find((s) => s.orderId === waiting[0]?.id)?.labelPrinted).toBe(true);
    // Courier sections in the manifest's order (alphabetical).
    const names = view.summary.couriers.map((c) => c.courierName);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));

    const yesterday = istDay(new Date(Date.now() - 24 * 3600_000));
    expect((await stack.adminCaller.packing.pickup({ date: yesterday })).shipments).toEqual([]);
  });

  it('GET /api/manifest.pdf prints the same parcels and totals', async () => {
    const res = await manifest(`?date=${istDay(new Date())}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = (await pageTexts(new Uint8Array(await res.arrayBuffer()))).join(' ');
    for (const w of waiting) {
      expect(text).toContain(w.awb);
      expect(text).toContain(w.orderNumber);
    }
    expect(text).not.toContain(pickedUp.awb);
    expect(text).toContain(stack.runtime.deps.config.store.name);
    // Without a date: today in India.
    expect((await manifest('')).status).toBe(200);
  });

  it('refuses a bad date with 400 and strangers with 401', async () => {
    for (const query of ['?date=2026-13-01', '?date=yesterday', '?date=2026-12-01T00:00:00Z', '?date=1&date=2']) {
      const res = await manifest(query);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/date/);
    }
    expect((await manifest('', null)).status).toBe(401);
  });
});
