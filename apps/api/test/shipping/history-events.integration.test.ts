import { insertOrder, insertShipment } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 10, minutes));

describe.each(testDatabaseKinds())('order history: each event once, in time order, on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ kind });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("the push and the courier's scan of one step show once (the scan), oldest first by when it happened", async () => {
    const order = await insertOrder(stack.database.db, { status: 'shipped' });
    const shipment = await insertShipment(stack.database.db, { order_id: order.id });
    const row = (source: 'webhook' | 'track', recorded: number, occurred: number | null, description: string) => ({
      order_id: order.id,
      shipment_id: shipment.id,
      source,
      applied: source === 'webhook',
      description,
      shipment_status: source === 'webhook' ? ('in_transit' as const) : null,
      carrier_status: source === 'webhook' ? description : null,
      occurred_at: occurred === null ? null : at(occurred),
      recorded_at: at(recorded),
      dedupe_key: source === 'track' ? `${description}:${recorded}` : null,
    });
    await stack.database.db
      .insertInto('status_history')
      .values([
        row('webhook', 10, null, 'Shipped'),
        row('webhook', 20, null, 'In Transit'),
        // Read from tracking at minute 30: the same two steps, at the courier's times.
        row('track', 30, 19, 'In Transit - Mumbai Hub'),
        row('track', 30, 9, 'Picked up - Delhi'),
      ])
      .execute();
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    const mine = detail.history.filter((h) => h.shipmentId === shipment.id);
    expect(mine.map((h) => h.description)).toEqual(['Picked up - Delhi', 'In Transit - Mumbai Hub']);
    const times = detail.history.map((h) => (h.occurredAt ?? h.recordedAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
