import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ICarryClient } from '../icarry/icarry.client';
import { parseICarryPush, parseICarryWebhookBody } from '../icarry/icarry.pushes';
import { quote } from './sandbox.catalog';
import { SURCHARGE_EVERY } from './endpoints/billing-sync.endpoint';
import { startSandbox } from './sandbox.server';
import type { Sandbox } from './sandbox.server';
import { MAX_WEBHOOK_LOG } from './sandbox.webhooks';
import { bookingInput } from '../testing/fixtures';

/** Labels, returns, billing and slow logins: what the packing table needs from the sandbox. */

function clientFor(sandbox: Sandbox, timeoutMs = 30_000): ICarryClient {
  return new ICarryClient({
    username: sandbox.credentials.username,
    apiKey: sandbox.credentials.apiKey,
    baseUrl: sandbox.url,
    timeoutMs,
    retry: { maxAttempts: 1 },
  });
}

async function delivered(sandbox: Sandbox, client: ICarryClient, overrides = {}) {
  const booked = await client.book(bookingInput(overrides));
  for (let i = 0; i < 6; i += 1) await sandbox.control.advance(booked.shipmentId);
  expect(sandbox.control.getShipment(booked.shipmentId)?.status).toBe(21);
  return booked;
}

describe('sandbox labels', () => {
  let sandbox: Sandbox;
  let client: ICarryClient;
  beforeAll(async () => {
    sandbox = await startSandbox();
    client = clientFor(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.control.reset();
    sandbox.control.setLabelShape('pdf_urls');
  });

  it('answers label URLs with a real PDF behind them (4x6, or A4 on request)', async () => {
    const booked = await client.book(bookingInput({ clientOrderId: 'ORD-55' }));
    const label = await client.label(booked.shipmentId);
    if (label.kind !== 'pdf_urls') throw new Error(`got ${label.kind}`);
    const response = await fetch(label.urls[0] ?? '');
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(text).toContain('/MediaBox [0 0 288 432]');
    // Every xref offset points at its object: the file is well-formed for any reader.
    const xrefAt = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    expect(text.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const offsets = [...text.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(6);
    offsets.forEach((offset, index) => expect(text.slice(offset, offset + 8)).toBe(`${index + 1} 0 obj\n`));
    expect(text).toContain(`(AWB ${booked.awb ?? ''})`);
    expect(text).toContain('COD: collect INR 499.00');
    expect(text).toContain('ORD-55');
    // The consignee's phone is masked even on the sandbox's label.
    expect(text).not.toContain('9876543210');

    const a4 = await client.label(booked.shipmentId, { paperSize: 'A4' });
    const a4Text = await (await fetch(a4.kind === 'pdf_urls' ? (a4.urls[0] ?? '') : '')).text();
    expect(a4Text).toContain('/MediaBox [0 0 595 842]');
    expect((await fetch(`${sandbox.url}/shipment-label.pdf?shipment_id=${booked.shipmentId}&awb=WRONG`)).status).toBe(
      404,
    );
  });

  it('answers label data when asked to, with a barcode image behind its URL', async () => {
    sandbox.control.setLabelShape('data');
    const booked = await client.book(bookingInput());
    const label = await client.label(booked.shipmentId);
    expect(label).toMatchObject({
      kind: 'data',
      awb: booked.awb,
      courierName: booked.courierName,
      courierId: booked.courierId,
      trackingUrl: booked.trackingUrl,
      returnAddress: expect.stringContaining('110001') as string,
      sortCode: expect.stringMatching(/^[A-Z]{3}\/[A-Z]{3}$/) as string,
    });
    const image = await fetch(label.kind === 'data' ? (label.barcodeImage ?? '') : '');
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    expect(await image.text()).toContain(booked.awb ?? 'missing');
  });

  it('answers garbage when asked to: the client says none, with the reason', async () => {
    const sandboxWithGarbage = await startSandbox({ labelShape: 'garbage' });
    try {
      const other = clientFor(sandboxWithGarbage);
      const booked = await other.book(bookingInput());
      const label = await other.label(booked.shipmentId);
      expect(label).toEqual({
        kind: 'none',
        reason: expect.stringContaining('neither label URLs nor label data') as string,
      });
    } finally {
      await sandboxWithGarbage.close();
    }
  });

  it('refuses a label for a shipment without AWB or unknown: none with iCarry reason', async () => {
    const saved = await client.book(bookingInput({ saveOnly: true }));
    expect(await client.label(saved.shipmentId)).toEqual({
      kind: 'none',
      reason: 'iCarry gave no label: Error : Label not available: shipment has no AWB.',
    });
    expect(await client.label('1')).toMatchObject({
      kind: 'none',
      reason: expect.stringContaining('not found') as string,
    });
    expect(() => sandbox.control.setLabelShape('png' as never)).toThrow(/label shape/);
  });
});

describe('sandbox reverse shipments', () => {
  let sandbox: Sandbox;
  let client: ICarryClient;
  const received: string[] = [];
  let closeReceiver: () => Promise<void>;
  beforeAll(async () => {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    closeReceiver = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    sandbox = await startSandbox({ webhooks: { statusUrl: `http://127.0.0.1:${port}/status` } });
    client = clientFor(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
    await closeReceiver();
  });
  beforeEach(() => {
    sandbox.control.reset();
    received.length = 0;
  });

  it('books a return for a delivered shipment: own id and AWB, prepaid, from the customer to our warehouse', async () => {
    const booked = await delivered(sandbox, client);
    const reverse = await client.addReverseShipment({
      shipmentId: booked.shipmentId,
      clientOrderId: 'RET-ORD-1001',
      reason: 'Wrong size',
    });
    expect(reverse).toMatchObject({ forwardShipmentId: booked.shipmentId, clientOrderId: 'RET-ORD-1001' });
    expect(reverse.shipmentId).not.toBe(booked.shipmentId);
    expect(reverse.awb).toEqual(expect.any(String));
    expect(reverse.awb).not.toBe(booked.awb);
    expect(reverse.courierName).toEqual(expect.any(String));
    expect(reverse.costEstimatePaise).toBeGreaterThan(0);
    const stored = sandbox.control.getShipment(reverse.shipmentId);
    expect(stored).toMatchObject({
      direction: 'reverse',
      forwardShipmentId: booked.shipmentId,
      status: 1,
      originPincode: '400001',
      returnReason: 'Wrong size',
      parcel: { type: 'Prepaid' },
      pickup: { name: 'Asha Rao', pincode: '400001' },
      consignee: { pincode: '110001' },
    });
    expect(sandbox.control.getShipment(booked.shipmentId)?.reverseShipmentId).toBe(reverse.shipmentId);
    expect(sandbox.control.reverseBookingCount()).toBe(1);
    expect(sandbox.control.bookingCount()).toBe(1);
  });

  it('walks its own path with pushes like forward ones, and tracks and syncs', async () => {
    const booked = await delivered(sandbox, client);
    received.length = 0;
    const reverse = await client.addReverseShipment({ shipmentId: booked.shipmentId });
    const seen: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const result = await sandbox.control.advance(reverse.shipmentId);
      if (result.changed) seen.push(result.statusCode);
    }
    expect(seen).toEqual([25, 3, 22, 21]);
    const events = received.map((body) => {
      const parsed = parseICarryWebhookBody(body, 'application/x-www-form-urlencoded');
      return parsed.ok ? parseICarryPush(parsed.body) : parsed;
    });
    expect(
      events.map((e) => (e.ok && e.event.kind === 'status' ? [e.event.shipmentId, e.event.statusCode] : e)),
    ).toEqual([
      [reverse.shipmentId, '25'],
      [reverse.shipmentId, '3'],
      [reverse.shipmentId, '22'],
      [reverse.shipmentId, '21'],
    ]);
    const tracking = await client.track(reverse.shipmentId);
    expect(tracking.events.map((e) => e.notes)).toEqual([
      'Reverse pickup booked, pickup pending',
      'Reverse pickup scheduled with courier',
      'Return picked up from customer',
      'Return in transit to seller',
      'Return delivered to seller',
    ]);
    expect((await client.syncStatuses([reverse.shipmentId]))[0]).toMatchObject({ statusCode: '21' });
    // The forward shipment stays delivered.
    expect(sandbox.control.getShipment(booked.shipmentId)?.status).toBe(21);
  });

  it('refuses a return before delivery, a second one, and one of a return', async () => {
    const booked = await client.book(bookingInput());
    await expect(client.addReverseShipment({ shipmentId: booked.shipmentId })).rejects.toMatchObject({
      message: 'Error : Reverse pickup is allowed only for delivered shipments.',
    });
    for (let i = 0; i < 6; i += 1) await sandbox.control.advance(booked.shipmentId);
    const reverse = await client.addReverseShipment({ shipmentId: booked.shipmentId });
    await expect(client.addReverseShipment({ shipmentId: booked.shipmentId })).rejects.toMatchObject({
      message: expect.stringContaining('already exists') as string,
    });
    await expect(client.addReverseShipment({ shipmentId: reverse.shipmentId })).rejects.toMatchObject({
      message: expect.stringContaining('cannot be returned') as string,
    });
    // A cancelled return (before pickup) can be booked again.
    await client.cancel(reverse.shipmentId);
    const again = await client.addReverseShipment({ shipmentId: booked.shipmentId });
    expect(again.shipmentId).not.toBe(reverse.shipmentId);
    expect(sandbox.control.reverseBookingCount()).toBe(5);
  });

  it('can accept a return and never answer (outcome unknown), like a booking', async () => {
    const booked = await delivered(sandbox, client);
    sandbox.control.addFault({ kind: 'book_accept_then_hang', endpoint: 'api_add_reverse_shipment' });
    const error = await clientFor(sandbox, 200)
      .addReverseShipment({ shipmentId: booked.shipmentId })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', outcomeUnknown: true });
    expect(sandbox.control.getShipment(booked.shipmentId)?.reverseShipmentId).toEqual(expect.any(String));
  });
});

describe('sandbox billing sync', () => {
  let sandbox: Sandbox;
  let client: ICarryClient;
  beforeAll(async () => {
    // Ids from 1000: the first shipment (1000) is one the weight surcharge hits.
    sandbox = await startSandbox({ firstShipmentId: 1000 });
    client = clientFor(sandbox);
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.control.reset();
  });

  it('bills nothing before pickup, then the quote; every 5th shipment one slab heavier', async () => {
    const surcharged = await client.book(bookingInput({ clientOrderId: 'A' }));
    const plain = await client.book(bookingInput({ clientOrderId: 'B' }));
    expect(Number(surcharged.shipmentId) % SURCHARGE_EVERY).toBe(0);
    expect(await client.billingSync([surcharged.shipmentId, plain.shipmentId, '1'])).toEqual([]);

    for (const id of [surcharged.shipmentId, plain.shipmentId]) {
      for (let i = 0; i < 4; i += 1) await sandbox.control.advance(id);
    }
    const bills = await client.billingSync([surcharged.shipmentId, plain.shipmentId]);
    const freight = (grams: number, courierId: string | null) =>
      quote({
        origin: '110001',
        destination: '400001',
        weightGrams: grams,
        lengthCm: 10,
        breadthCm: 10,
        heightCm: 10,
        mode: 'surface',
        cod: false,
        valuePaise: 0,
      }).find((q) => q.courier.id === courierId)?.freightPaise;
    expect(bills).toEqual([
      {
        shipmentId: surcharged.shipmentId,
        awb: surcharged.awb,
        chargedPaise: expect.any(Number) as number,
        chargedWeightGrams: 1000,
        billedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as string,
        mode: 'surface',
        zone: 'C',
      },
      {
        shipmentId: plain.shipmentId,
        awb: plain.awb,
        chargedPaise: freight(500, plain.courierId),
        chargedWeightGrams: 500,
        billedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as string,
        mode: 'surface',
        zone: 'C',
      },
    ]);
    // The surcharge: billed above the quote (freight only until delivery, no COD fee yet).
    expect(bills[0]?.chargedPaise).toBeGreaterThan(surcharged.costEstimatePaise ?? Infinity);
    expect(sandbox.control.billedCharge(plain.shipmentId)).toEqual({ paise: bills[1]?.chargedPaise, grams: 500 });
  });

  it('adds the COD fee on delivery, RTO freight on a return to origin, and bills a disputed weight', async () => {
    const cod = await client.book(bookingInput({ clientOrderId: 'skip' }));
    expect(Number(cod.shipmentId) % SURCHARGE_EVERY).toBe(0);
    const rto = await client.book(bookingInput({ clientOrderId: 'RTO' }));
    const heavy = await client.book(bookingInput({ clientOrderId: 'HEAVY' }));
    const deliveredCod = await client.book(bookingInput({ clientOrderId: 'COD' }));
    for (let i = 0; i < 6; i += 1) await sandbox.control.advance(deliveredCod.shipmentId);
    for (let i = 0; i < 4; i += 1) await sandbox.control.advance(rto.shipmentId);
    const inTransit = sandbox.control.billedCharge(rto.shipmentId)?.paise ?? 0;
    await sandbox.control.setStatus(rto.shipmentId, 27);
    await sandbox.control.setStatus(rto.shipmentId, 23);
    for (let i = 0; i < 4; i += 1) await sandbox.control.advance(heavy.shipmentId);
    const before = sandbox.control.billedCharge(heavy.shipmentId)?.paise ?? 0;
    await sandbox.control.weightDiscrepancy(heavy.shipmentId, 1800);

    const bills = new Map(
      (await client.billingSync([rto.shipmentId, heavy.shipmentId, deliveredCod.shipmentId])).map((b) => [
        b.shipmentId,
        b,
      ]),
    );
    expect(bills.get(rto.shipmentId)?.chargedPaise).toBe(2 * inTransit);
    expect(bills.get(heavy.shipmentId)).toMatchObject({ chargedWeightGrams: 1800 });
    expect(bills.get(heavy.shipmentId)?.chargedPaise).toBeGreaterThan(before);
    // Delivered COD: the quote, which included the COD fee.
    expect(bills.get(deliveredCod.shipmentId)?.chargedPaise).toBe(deliveredCod.costEstimatePaise);
  });
});

describe('sandbox slow_login fault', () => {
  it('makes the next call log in again, slowly: book() outlasts the wait', async () => {
    const sandbox = await startSandbox();
    try {
      const client = clientFor(sandbox);
      await client.login();
      sandbox.control.addFault({ kind: 'slow_login', ms: 400 });
      const started = performance.now();
      const booked = await client.book(bookingInput());
      const elapsed = performance.now() - started;
      expect(booked.awb).toEqual(expect.any(String));
      expect(elapsed).toBeGreaterThanOrEqual(390);
      expect(sandbox.control.bookingCount()).toBe(2);
      expect(sandbox.control.listShipments()).toHaveLength(1);
      // Used up: the next call is quick.
      const quick = performance.now();
      await client.track(booked.shipmentId);
      expect(performance.now() - quick).toBeLessThan(300);
    } finally {
      await sandbox.close();
    }
  });
});

describe('sandbox webhook log', () => {
  it(`keeps the last ${MAX_WEBHOOK_LOG} deliveries`, async () => {
    // Port 9 (discard) refuses at once on loopback: each delivery fails fast and is still logged.
    const sandbox = await startSandbox({ webhooks: { statusUrl: 'http://127.0.0.1:9/status' } });
    try {
      const booked = await clientFor(sandbox).book(bookingInput());
      for (let i = 0; i < MAX_WEBHOOK_LOG + 25; i += 1) await sandbox.control.setStatus(booked.shipmentId, 22);
      expect(sandbox.control.webhookLog).toHaveLength(MAX_WEBHOOK_LOG);
      expect(sandbox.control.webhookLog.every((d) => !d.ok)).toBe(true);
    } finally {
      await sandbox.close();
    }
  });
});
