import { insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncBilling } from '../../src/shipping/billing/billing-sync.job';
import { istDay } from '@app/shipping';
import { startTestStack, testDatabaseKinds, waitFor, type TestStack } from '../../src/testing/index';

describe.each(testDatabaseKinds())('what iCarry charged (billing sync) on %s', (kind) => {
  let stack: TestStack;
  const sandbox = () => {
    const s = stack.runtime.sandbox;
    if (!s) throw new Error('no sandbox');
    return s.control;
  };

  beforeAll(async () => {
    stack = await startTestStack({ kind });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('stores the bill beside the quote, flags the ones beyond the tolerance with the weights, and reports by courier and month', async () => {
    // The sandbox bills every shipment whose id is a multiple of 5 one slab heavier: six in a row hold at least one.
    const delivered: { orderId: string; providerId: string; quoted: number }[] = [];
    for (let i = 0; i < 6; i++) {
      const order = await insertOrder(stack.database.db, {
        status: 'processing',
        payment_method: i % 2 ? 'cod' : 'prepaid',
      });
      const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
      delivered.push({
        orderId: order.id,
        providerId: String(shipment.providerShipmentId),
        quoted: Number(shipment.quotedCostPaise),
      });
    }
    // One parcel the courier weighed heavier (a weight-dispute push).
    const disputed = delivered.find((d) => Number(d.providerId) % 5 !== 0);
    if (!disputed) throw new Error('no unsurcharged shipment');
    await sandbox().weightDiscrepancy(disputed.providerId, 2600);
    for (const d of delivered) await sandbox().setStatus(d.providerId, 21);
    const inTransit = await insertOrder(stack.database.db, { status: 'processing' });
    const moving = await stack.adminCaller.orders.ship({ orderId: inTransit.id });
    await sandbox().setStatus(String(moving.providerShipmentId), 22);
    await waitFor(
      async () => {
        const rows = await stack.database.db
          .selectFrom('shipments')
          .select('status')
          .where(
            'order_id',
            'in',
            delivered.map((d) => d.orderId),
          )
          .execute();
        return rows.every((r) => r.status === 'delivered');
      },
      { what: 'every parcel delivered' },
    );

    const result = await syncBilling(stack.runtime.deps);
    expect(result.asked).toBe(6);
    expect(result.billed).toBe(6);
    const expectedFlags = delivered.filter((d) => Number(d.providerId) % 5 === 0 || d === disputed);
    expect(result.flagged).toBe(expectedFlags.length);

    for (const d of delivered) {
      const detail = await stack.adminCaller.orders.get({ orderId: d.orderId });
      const s = detail.shipment;
      expect(s?.billedPaise).toBe(sandbox().billedCharge(d.providerId)?.paise);
      expect(s?.billedOn).toBe(istDay(new Date()));
      const flagged = expectedFlags.includes(d);
      expect(s?.billingFlagged).toBe(flagged);
      if (!flagged) {
        // Billed exactly the quote: freight plus the COD fee on a delivered COD parcel.
        expect(s?.billedPaise).toBe(d.quoted);
        expect(detail.order.attentionKind).toBeNull();
      } else {
        expect(Number(s?.billedPaise)).toBeGreaterThan(d.quoted);
        expect(detail.order.attentionKind).toBe('billing');
        expect(detail.order.attentionReason).toMatch(/iCarry billed ₹[\d,.]+ for AWB \S+ against a quote of ₹/);
        expect(detail.notes.some((n) => n.body.startsWith('iCarry billed'))).toBe(true);
      }
    }
    const disputedDetail = await stack.adminCaller.orders.get({ orderId: disputed.orderId });
    expect(disputedDetail.order.attentionReason).toMatch(/courier reported 2600 g \(10x10x10 cm\) in a weight dispute/);
    expect(disputedDetail.shipment?.billedWeightGrams).toBeGreaterThanOrEqual(2600);
    // The parcel still moving is not billed (nor asked about).
    expect((await stack.adminCaller.orders.get({ orderId: inTransit.id })).shipment?.billedPaise).toBeNull();

    // A second run asks nobody: everything finished is billed.
    expect(await syncBilling(stack.runtime.deps)).toEqual({ asked: 0, billed: 0, flagged: 0 });

    const report = await stack.adminCaller.packing.billingReport();
    const month = istDay(new Date()).slice(0, 7);
    expect(report.toMonth).toBe(month);
    const rows = report.months.filter((r) => r.month === month);
    expect(rows.reduce((sum, r) => sum + r.shipments, 0)).toBe(6);
    expect(report.totals.quotedPaise).toBe(delivered.reduce((sum, d) => sum + d.quoted, 0));
    const billedTotal = delivered.reduce((sum, d) => sum + (sandbox().billedCharge(d.providerId)?.paise ?? 0), 0);
    expect(report.totals.billedPaise).toBe(billedTotal);
    expect(report.totals.differencePaise).toBe(billedTotal - report.totals.quotedPaise);
    expect(report.totals.flagged).toBe(expectedFlags.length);
    expect(report.flagged.map((f) => f.orderId).sort()).toEqual(expectedFlags.map((d) => d.orderId).sort());
    expect(report.flagged.find((f) => f.orderId === disputed.orderId)?.disputedWeightGrams).toBe(2600);
    expect(report.pendingCount).toBe(0);
    expect((await stack.adminCaller.orders.list({ filter: 'billing', limit: 100 })).items).toHaveLength(
      expectedFlags.length,
    );
    // A month with nothing billed: empty, not an error.
    expect(
      (await stack.adminCaller.packing.billingReport({ fromMonth: '2020-01', toMonth: '2020-02' })).months,
    ).toEqual([]);
  });
});
