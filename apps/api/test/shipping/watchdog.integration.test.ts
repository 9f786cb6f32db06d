import { insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startTestStack, testDatabaseKinds, waitFor, type TestStack } from '../../src/testing/index';
import { runStuckWatchdog } from '../../src/shipping/watchdog/stuck-watchdog.job';
import { postNdrPush } from '../support/helpers';

const HOUR = 3600_000;

describe.each(testDatabaseKinds())('stuck-shipment watchdog on %s', (kind) => {
  let stack: TestStack;
  // 10:30 in India: past the digest hour (9), so a run with stuck shipments queues the day's digest.
  const clock = new ManualClock(new Date('2026-12-01T05:00:00Z'));
  const sandbox = () => {
    const s = stack.runtime.sandbox;
    if (!s) throw new Error('no sandbox');
    return s.control;
  };
  const attention = async (orderId: string) => (await stack.adminCaller.orders.get({ orderId })).order;
  const digests = () =>
    stack.database.db
      .selectFrom('messages')
      .select(['dedupe_key', 'subject', 'body', 'recipient', 'audience'])
      .where('template', '=', 'stuck_digest')
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    stack = await startTestStack({ kind, clock });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('flags each stage after its limit, clears the flag when the parcel moves, and sends one digest a day', async () => {
    const waiting = await insertOrder(stack.database.db, { status: 'processing' });
    const moving = await insertOrder(stack.database.db, { status: 'processing' });
    const failed = await insertOrder(stack.database.db, { status: 'processing' });
    const [w, m, f] = await Promise.all(
      [waiting, moving, failed].map((o) => stack.adminCaller.orders.ship({ orderId: o.id })),
    );
    const status = async (orderId: string, shipment: typeof w, code: number, expected: string) => {
      await sandbox().setStatus(String(shipment?.providerShipmentId), code);
      await waitFor(async () => (await stack.adminCaller.orders.get({ orderId })).shipment?.status === expected, {
        what: `status ${expected}`,
      });
    };
    await status(moving.id, m, 22, 'in_transit');
    await status(failed.id, f, 26, 'out_for_delivery');
    const ndr = await postNdrPush(stack, [
      {
        shipment_id: String(f?.providerShipmentId),
        awb: String(f?.awb),
        type: 'REATTEMPT-CONTACT',
        date_added: '01/12/2026',
      },
    ]);
    expect(ndr.status).toBe(200);
    expect((await attention(failed.id)).attentionKind).toBe('ndr');

    // Nothing is stuck yet.
    expect(await runStuckWatchdog(stack.runtime.deps)).toMatchObject({ stuck: 0, digestQueued: false });

    // 25 h: only the unanswered NDR (24 h) is stuck.
    clock.advance(25 * HOUR);
    const first = await runStuckWatchdog(stack.runtime.deps);
    expect(first).toMatchObject({ stuck: 1, newlyStuck: 1, digestQueued: true });
    const failedOrder = await attention(failed.id);
    expect(failedOrder.attentionKind).toBe('stuck');
    expect(failedOrder.attentionReason).toMatch(/NDR\) 25 h ago has no answer/);
    expect((await attention(waiting.id)).attentionKind).toBeNull();

    // 49 h: awaiting pickup (48 h) too; 73 h: in transit (72 h) too. The NDR one stays stuck.
    clock.advance(24 * HOUR);
    expect((await runStuckWatchdog(stack.runtime.deps)).stuck).toBe(2);
    expect((await attention(waiting.id)).attentionReason).toMatch(/no carrier movement for 49 h while awaiting pickup/);
    expect((await attention(moving.id)).attentionKind).toBeNull();
    clock.advance(24 * HOUR);
    expect((await runStuckWatchdog(stack.runtime.deps)).stuck).toBe(3);
    expect((await attention(moving.id)).attentionKind).toBe('stuck');

    const tab = await stack.adminCaller.packing.stuck();
    expect(tab.items.map((i) => [i.orderNumber, i.stage])).toEqual(
      expect.arrayContaining([
        [waiting.order_number, 'awaiting_pickup'],
        [moving.order_number, 'in_transit'],
        [failed.order_number, 'ndr'],
      ]),
    );
    expect(tab.items.find((i) => i.orderId === moving.id)?.hoursWithoutMovement).toBe(73);
    expect(tab.limits).toMatchObject({ awaitingPickupHours: 48, inTransitHours: 72, ndrHours: 24 });
    const list = await stack.adminCaller.orders.list({ filter: 'stuck', limit: 100 });
    expect(list.items.map((i) => i.id).sort()).toEqual([waiting.id, moving.id, failed.id].sort());
    expect((await stack.adminCaller.packing.tabCounts()).stuck).toBe(3);

    // Movement clears it: the next run takes the flag off.
    await status(moving.id, m, 26, 'out_for_delivery');
    await runStuckWatchdog(stack.runtime.deps);
    expect((await attention(moving.id)).attentionKind).toBeNull();
    expect((await stack.adminCaller.packing.stuck()).items.map((i) => i.orderId)).not.toContain(moving.id);

    // One digest per day that had stuck shipments (days 2, 3 and 4), however often the job runs.
    await runStuckWatchdog(stack.runtime.deps);
    await runStuckWatchdog(stack.runtime.deps);
    const sent = await digests();
    expect(sent.map((d) => d.dedupe_key)).toEqual([
      'stuck-digest:2026-12-02',
      'stuck-digest:2026-12-03',
      'stuck-digest:2026-12-04',
    ]);
    const last = sent.at(-1);
    expect(last?.audience).toBe('admin');
    expect(last?.subject).toBe('3 shipments stuck (2026-12-04)');
    expect(last?.body).toContain(waiting.order_number);
    expect(last?.body).toContain(String(w?.awb));
    // No personal data in the digest.
    for (const o of [waiting, moving, failed]) {
      expect(last?.body).not.toContain(o.contact_phone);
      expect(last?.body).not.toContain(o.ship_line1);
    }
  });
});
