import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/index';
import { listWaitingInboxIds, storeInboxEntry, type NewPush } from './inbox.repository';

// The waiting pushes by shipment: `pending` ones are found through the applier's queue, the
// `deferred` and `failed` ones through the ref indexes (which a push arriving does not enter).
describe.each(testDatabaseKinds())('webhook inbox on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  let n = 0;
  const push = (refs: { shipmentId?: string; awb?: string; clientRef?: string }): NewPush => {
    n++;
    return {
      kind: 'status',
      receivedAt: new Date(),
      contentType: 'application/x-www-form-urlencoded',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      rawBody: `callback_type=sync_status&status=${n}`,
      dedupeKey: `status:test:${n}`,
      awb: refs.awb ?? null,
      providerShipmentId: refs.shipmentId ?? null,
      clientOrderId: refs.clientRef ?? null,
      outcome: 'pending',
      outcomeDetail: null,
    };
  };
  const store = async (refs: Parameters<typeof push>[0], outcome: 'pending' | 'deferred' | 'failed' | 'applied') => {
    const stored = await storeInboxEntry(database.db, push(refs));
    const id = stored.id as string;
    if (outcome !== 'pending')
      await database.db.updateTable('webhook_inbox').set({ outcome }).where('id', '=', id).execute();
    return id;
  };

  it('stores a push once, as it arrived: its raw body, no parsed copy', async () => {
    const entry = push({ shipmentId: '7100' });
    const first = await storeInboxEntry(database.db, entry);
    const repeat = await storeInboxEntry(database.db, { ...entry, receivedAt: new Date() });
    expect(first).toMatchObject({ inserted: true, outcome: 'pending' });
    expect(repeat).toEqual({ id: first.id, inserted: false, outcome: 'pending' });
    const row = await database.db
      .selectFrom('webhook_inbox')
      .select(['raw_body', 'payload', 'provider_shipment_id'])
      .where('id', '=', first.id as string)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ raw_body: entry.rawBody, payload: null, provider_shipment_id: '7100' });
  });

  it('finds pending, deferred and failed pushes by iCarry id, AWB or client ref, oldest first; not settled ones', async () => {
    const pendingById = await store({ shipmentId: '7200' }, 'pending');
    const deferredByAwb = await store({ awb: 'AWB7200' }, 'deferred');
    await store({ shipmentId: '7200' }, 'applied');
    const failedByRef = await store({ clientRef: 'ORD-7200-1' }, 'failed');
    const pendingByRef = await store({ clientRef: 'ORD-7200-1' }, 'pending');
    await store({ shipmentId: '7201', awb: 'AWB7201' }, 'pending');
    await store({ shipmentId: '7201' }, 'deferred');

    expect(
      await listWaitingInboxIds(database.db, { providerShipmentId: '7200', awb: 'AWB7200', clientRef: 'ORD-7200-1' }),
    ).toEqual([pendingById, deferredByAwb, failedByRef, pendingByRef]);
    // A shipment without an iCarry id or AWB yet: by client ref alone.
    expect(
      await listWaitingInboxIds(database.db, { providerShipmentId: null, awb: null, clientRef: 'ORD-7200-1' }),
    ).toEqual([failedByRef, pendingByRef]);
  });

  it('one push is found by shipment while pending, then deferred, and no more once applied', async () => {
    const id = await store({ shipmentId: '7300', awb: 'AWB7300', clientRef: 'ORD-7300-1' }, 'pending');
    const ref = { providerShipmentId: '7300', awb: 'AWB7300', clientRef: 'ORD-7300-1' };
    expect(await listWaitingInboxIds(database.db, ref)).toEqual([id]);
    await database.db.updateTable('webhook_inbox').set({ outcome: 'deferred' }).where('id', '=', id).execute();
    expect(await listWaitingInboxIds(database.db, ref)).toEqual([id]);
    await database.db.updateTable('webhook_inbox').set({ outcome: 'applied' }).where('id', '=', id).execute();
    expect(await listWaitingInboxIds(database.db, ref)).toEqual([]);
  });
});
