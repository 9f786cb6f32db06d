import { insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appErrorCodeOf } from '../../src/entry/trpc/init';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';

const CALLS = process.env.STRESS ? 200 : 20;

describe.each(testDatabaseKinds())('one booking per order on %s', (kind) => {
  let first: TestStack;
  let second: TestStack;
  beforeAll(async () => {
    // Two API instances on one database, both talking to the first one's iCarry sandbox.
    first = await startTestStack({ kind, sandboxOptions: { latencyMs: 150 } });
    const sandbox = first.runtime.sandbox;
    if (!sandbox) throw new Error('sandbox expected');
    second = await startTestStack({
      database: first.database,
      env: {
        ICARRY_USERNAME: 'sandbox',
        ICARRY_API_KEY: String(first.runtime.deps.secrets.icarryApiKey),
        ICARRY_BASE_URL: sandbox.url,
        ICARRY_PICKUP_ADDRESS_ID: first.runtime.deps.config.pickupAddressId,
        ICARRY_PICKUP_PINCODE: first.runtime.deps.config.pickupPincode,
        APP_SECRET: first.runtime.deps.secrets.appSecret,
      },
    });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it(`${CALLS} simultaneous Ship clicks over two instances book exactly once`, async () => {
    const sandbox = first.runtime.sandbox;
    if (!sandbox) throw new Error('sandbox expected');
    const order = await insertOrder(first.database.db, { status: 'processing' });
    const before = sandbox.control.bookingCount();
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: CALLS }, (_, i) =>
        (i % 2 === 0 ? first.adminCaller : second.adminCaller).orders.ship({ orderId: order.id }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [appErrorCodeOf(r.reason)] : []));
    console.log(
      `[concurrency:${kind}] ${CALLS} calls in ${Date.now() - started} ms: ${ok.length} booked, refusals ${JSON.stringify(Object.fromEntries(codes.map((c) => [c, codes.filter((x) => x === c).length])))}`,
    );
    expect(sandbox.control.bookingCount() - before).toBe(1);
    expect(ok).toHaveLength(1);
    expect(
      codes.every((c) => c === 'BOOKING_IN_PROGRESS' || c === 'ORDER_ALREADY_SHIPPED' || c === 'ORDER_NOT_SHIPPABLE'),
    ).toBe(true);
    const active = await first.database.db
      .selectFrom('shipments')
      .select('id')
      .where('order_id', '=', order.id)
      .execute();
    expect(active).toHaveLength(1);
  });
});
