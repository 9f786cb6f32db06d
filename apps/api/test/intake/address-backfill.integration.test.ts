import { insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillAddressChecks } from '../../src/platform/address/address-backfill';
import { startTestStack, testDatabaseKinds, waitFor, type TestStack } from '../../src/testing/index';

/**
 * Issue 24: orders stored before the address check existed have none; each start checks them in
 * batches, once, and never overwrites a check made since.
 */
describe.each(testDatabaseKinds())('the address check backfill on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ kind, startWorkers: false });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const stateOf = async (id: string) =>
    (
      await stack.database.db
        .selectFrom('orders')
        .select(['address_check_state', 'address_problems'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).address_check_state;

  /** Orders as an import before the check stored them: no verdict at all. */
  async function oldOrders() {
    const db = stack.database.db;
    const good = await insertOrder(db, {
      ship_line1: '14, 2nd Cross, Indiranagar',
      ship_city: 'Bengaluru',
      ship_state: 'Karnataka',
      ship_pincode: '560038',
    });
    const wrongState = await insertOrder(db, {
      ship_line1: '14, 2nd Cross, Indiranagar',
      ship_city: 'Bengaluru',
      ship_state: 'Maharashtra',
      ship_pincode: '560038',
    });
    const unknown = await insertOrder(db, {
      ship_line1: '7, Lake View Road',
      ship_city: 'Nowhere',
      ship_state: 'Karnataka',
      ship_pincode: '999999',
    });
    const ids = [good.id, wrongState.id, unknown.id];
    await db.updateTable('orders').set({ address_check_state: null }).where('id', 'in', ids).execute();
    return { good, wrongState, unknown };
  }

  it('checks every unchecked order in batches, then finds nothing more to do', async () => {
    const { good, wrongState, unknown } = await oldOrders();
    const checked = await backfillAddressChecks(stack.runtime.deps, { batchSize: 2 });
    expect(checked).toBeGreaterThanOrEqual(3);
    expect(await stateOf(good.id)).toBe('ok');
    expect(await stateOf(wrongState.id)).toBe('error');
    expect(await stateOf(unknown.id)).toBe('error');
    const detail = await stack.adminCaller.orders.get({ orderId: unknown.id });
    expect(detail.addressCheck?.problems.map((p) => p.code)).toContain('PINCODE_UNKNOWN');
    // Idempotent: a second run changes nothing.
    expect(await backfillAddressChecks(stack.runtime.deps, { batchSize: 2 })).toBe(0);
    const left = await stack.database.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('address_check_state', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  });

  it('never overwrites a check made since, and stops between batches when asked', async () => {
    const { good, wrongState } = await oldOrders();
    // A newer verdict on one of them (say the customer corrected the address meanwhile).
    await stack.database.db
      .updateTable('orders')
      .set({ address_check_state: 'warning', address_problems: JSON.stringify([]) })
      .where('id', '=', wrongState.id)
      .execute();
    expect(await backfillAddressChecks(stack.runtime.deps, { batchSize: 1, shouldStop: () => true })).toBe(0);
    expect(await stateOf(good.id)).toBeNull();
    expect(await backfillAddressChecks(stack.runtime.deps, { batchSize: 1 })).toBe(2);
    expect(await stateOf(good.id)).toBe('ok');
    expect(await stateOf(wrongState.id)).toBe('warning');
  });

  it('runs at start: a second instance on the same database checks what the first left unchecked', async () => {
    const { good, unknown } = await oldOrders();
    const second = await startTestStack({ kind, database: stack.database, startWorkers: false });
    try {
      expect(await second.runtime.addressBackfill).toBeGreaterThanOrEqual(3);
      await waitFor(async () => (await stateOf(good.id)) === 'ok');
      expect(await stateOf(unknown.id)).toBe('error');
    } finally {
      await second.close();
    }
  });
});
