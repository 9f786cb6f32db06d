import { insertOrder, insertShipment } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appErrorCodeOf } from '../../src/entry/trpc/init';
import { decodeCode128, pageSizes, pageTexts, rasterize } from '../../src/shipping/documents/testing/pdf.testing';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { ApiClient } from '../reliability/support/http';

const DPI = 200;

describe.each(testDatabaseKinds())('GET /api/labels.pdf on %s', (kind) => {
  let stack: TestStack;
  let admin: ApiClient;
  /** Booked orders: [COD, prepaid, COD]. */
  const booked: { id: string; orderNumber: string; awb: string }[] = [];

  const labels = (query: string, client: ApiClient | null = admin) =>
    fetch(`${stack.url}/api/labels.pdf?${query}`, { headers: client?.cookie ? { cookie: client.cookie } : {} });
  const pdfOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());
  const sandbox = () => {
    const s = stack.runtime.sandbox;
    if (!s) throw new Error('no sandbox');
    return s.control;
  };

  beforeAll(async () => {
    stack = await startTestStack({ kind });
    admin = await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password);
    for (const payment of ['cod', 'prepaid', 'cod'] as const) {
      const order = await insertOrder(stack.database.db, { status: 'processing', payment_method: payment });
      const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
      booked.push({ id: order.id, orderNumber: order.order_number, awb: String(shipment.awb) });
    }
  });
  afterAll(async () => {
    sandbox().setLabelShape('pdf_urls');
    await stack?.close();
  });

  it("iCarry answers with label URLs: its PDFs, fetched and merged in the order asked, and 'printed' is recorded", async () => {
    sandbox().setLabelShape('pdf_urls');
    const ids = [booked[2], booked[0]].map((b) => b?.id).join(',');
    const res = await labels(`orderIds=${ids}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-label-sources')).toBe('icarry_pdf=2, icarry_data=0, ours=0');
    const texts = await pageTexts(await pdfOf(res));
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain(booked[2]?.awb);
    expect(texts[1]).toContain(booked[0]?.awb);
    const detail = await stack.adminCaller.orders.get({ orderId: String(booked[2]?.id) });
    expect(detail.shipment?.labelPrintedAt).toBeInstanceOf(Date);
    expect(detail.shipment?.canPrintLabel).toBe(true);
    const untouched = await stack.adminCaller.orders.get({ orderId: String(booked[1]?.id) });
    expect(untouched.shipment?.labelPrintedAt).toBeNull();
  });

  it("iCarry answers with label data: our label with iCarry's AWB and courier, and the barcode scans back to the AWB", async () => {
    sandbox().setLabelShape('data');
    const res = await labels(`orderIds=${booked.map((b) => b.id).join(',')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-label-sources')).toBe('icarry_pdf=0, icarry_data=3, ours=0');
    const pdf = await pdfOf(res);
    const texts = await pageTexts(pdf);
    expect(texts).toHaveLength(3);
    // COD in large type on the COD orders, PREPAID on the prepaid one.
    expect(texts[0]).toMatch(/COD/);
    expect(texts[1]).toContain('PREPAID');
    for (const [i, b] of booked.entries()) {
      expect(texts[i]).toContain(b.orderNumber);
      const codes = decodeCode128(await rasterize(pdf, i + 1, DPI));
      expect(codes).toContain(b.awb);
    }
    expect(await pageSizes(pdf)).toEqual([
      [288, 432],
      [288, 432],
      [288, 432],
    ]);
  });

  it('iCarry answers something else, or fails: our own label, the barcode still the AWB', async () => {
    sandbox().setLabelShape('garbage');
    const garbage = await labels(`orderIds=${booked[1]?.id}`);
    expect(garbage.status).toBe(200);
    expect(garbage.headers.get('x-label-sources')).toBe('icarry_pdf=0, icarry_data=0, ours=1');
    expect(decodeCode128(await rasterize(await pdfOf(garbage), 1, DPI))).toContain(booked[1]?.awb);

    sandbox().setLabelShape('pdf_urls');
    sandbox().setFaults([{ endpoint: 'api_print_shipment_label', kind: 'http_error', status: 502, count: 'always' }]);
    try {
      const failing = await labels(`orderIds=${booked[0]?.id}`);
      expect(failing.status).toBe(200);
      expect(failing.headers.get('x-label-sources')).toBe('icarry_pdf=0, icarry_data=0, ours=1');
      const pdf = await pdfOf(failing);
      expect(decodeCode128(await rasterize(pdf, 1, DPI))).toContain(booked[0]?.awb);
      const [text = ''] = await pageTexts(pdf);
      expect(text).toContain(stack.runtime.deps.config.store.name);
    } finally {
      sandbox().clearFaults();
    }
  });

  it('A4 puts four labels to a sheet', async () => {
    sandbox().setLabelShape('data');
    const ids = [...booked, ...booked.slice(0, 2)].map((b) => b.id);
    // Repeated ids print once each.
    const res = await labels(`orderIds=${ids.join(',')}&paper=a4`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-label-count')).toBe('3');
    const sizes = await pageSizes(await pdfOf(res));
    expect(sizes).toEqual([[595.28, 841.89]]);
  });

  it('refuses unknown and unbooked orders with a 4xx naming them, bad queries with 400, and strangers with 401', async () => {
    const waiting = await insertOrder(stack.database.db, { status: 'processing' });
    const before = await stack.database.db.selectFrom('shipments').select(['id', 'label_printed_at']).execute();

    const unknown = await labels(`orderIds=${booked[0]?.id},999999999`);
    expect(unknown.status).toBe(404);
    const unknownBody = (await unknown.json()) as { error: { code: string; message: string; orderIds: string[] } };
    expect(unknownBody.error.code).toBe('ORDERS_NOT_FOUND');
    expect(unknownBody.error.orderIds).toEqual(['999999999']);
    expect(unknownBody.error.message).toContain('999999999');

    const unbooked = await labels(`orderIds=${booked[0]?.id},${waiting.id}`);
    expect(unbooked.status).toBe(409);
    const unbookedBody = (await unbooked.json()) as { error: { code: string; message: string } };
    expect(unbookedBody.error.code).toBe('NOT_BOOKED');
    expect(unbookedBody.error.message).toContain(`${waiting.order_number} (Processing)`);

    const returns = await labels(`orderIds=${booked[0]?.id}&direction=return`);
    expect(returns.status).toBe(409);

    for (const query of ['', 'orderIds=', 'orderIds=abc', 'orderIds=1&paper=letter', 'orderIds=1,2;3']) {
      const res = await labels(query);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
    }
    const tooMany = await labels(`orderIds=${Array.from({ length: 251 }, (_, i) => i + 1).join(',')}`);
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: { message: string } }).error.message).toMatch(/at most 250/);

    expect((await labels(`orderIds=${booked[0]?.id}`, null)).status).toBe(401);
    expect((await labels(`orderIds=${booked[0]?.id}`, admin.withCookie('icarry_admin=forged'))).status).toBe(401);

    const after = await stack.database.db.selectFrom('shipments').select(['id', 'label_printed_at']).execute();
    expect(after).toEqual(before);
  });

  it('packing.labelSelection: the ticked or matching orders with a label, in order, and the skipped ones with why', async () => {
    const waiting = await insertOrder(stack.database.db, { status: 'processing' });
    const cancelled = await insertOrder(stack.database.db, { status: 'processing' });
    await insertShipment(stack.database.db, { order_id: cancelled.id, status: 'cancelled' });
    const [first, second] = booked;
    const ticked = [String(second?.id), waiting.id, String(first?.id), cancelled.id];
    const before = await stack.database.db.selectFrom('shipments').select(['id', 'label_printed_at']).execute();

    const answer = await stack.adminCaller.packing.labelSelection({ orderIds: ticked });
    expect(answer.count).toBe(4);
    expect(answer.printableOrderIds).toEqual([second?.id, first?.id]);
    expect(answer.skipped).toEqual([
      { orderId: waiting.id, orderNumber: waiting.order_number, reason: 'Not booked, so no label yet (Processing).' },
      { orderId: cancelled.id, orderNumber: cancelled.order_number, reason: 'The shipment was cancelled.' },
    ]);
    const printedBefore = await Promise.all(
      [first, second].map(async (b) => (await stack.adminCaller.orders.get({ orderId: String(b?.id) })).shipment),
    );
    expect(answer.alreadyPrinted).toBe(printedBefore.filter((s) => s?.labelPrintedAt).length);
    expect(answer.maxPerPdf).toBe(250);

    // "All matching": the list's status (and search), newest first like the list.
    const shipped = await stack.adminCaller.packing.labelSelection({ status: 'shipped' });
    expect(new Set(shipped.printableOrderIds)).toEqual(new Set(booked.map((b) => b.id)));
    const searched = await stack.adminCaller.packing.labelSelection({
      status: 'shipped',
      search: String(first?.orderNumber),
    });
    expect(searched).toMatchObject({ count: 1, printableOrderIds: [first?.id], skipped: [] });

    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (err: unknown) => appErrorCodeOf(err),
      );
    expect(await codeOf(stack.adminCaller.packing.labelSelection({ status: 'lost' }))).toBe('BATCH_EMPTY');
    await expect(stack.adminCaller.packing.labelSelection({ orderIds: [] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(stack.anonymousCaller.packing.labelSelection({ orderIds: ticked })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    // Asking changes nothing.
    expect(await stack.database.db.selectFrom('shipments').select(['id', 'label_printed_at']).execute()).toEqual(
      before,
    );
  });
});
